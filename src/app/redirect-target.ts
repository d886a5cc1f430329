/**
 * Where a browser may be sent on the word of a request (a `next` parameter): a path on this
 * platform, never another site (an open redirect). Every redirect to something a user supplied
 * goes through `sameOriginPath`.
 *
 * Browsers read "//host" and "/\host" as another host, drop tabs and newlines anywhere in an
 * address, and resolve "/./" and "/../" before they look at the host; checking the text would
 * miss one of these. So the value is parsed as a browser parses it, against the platform's own
 * origin, and only what the parser made of it is used: the origin must be unchanged, and the
 * redirect gets the parsed path and query, which must start with exactly one slash.
 */
export function sameOriginPath(value: string | undefined, origin: string): string {
  const fallback = '/';
  // Only an absolute path is asked for: relative forms ("x", "https:x") resolve against the
  // current page, and schemes ("javascript:") are not paths at all.
  if (value === undefined || !value.startsWith('/')) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (parsed.origin !== new URL(origin).origin) return fallback;
  const target = `${parsed.pathname}${parsed.search}`;
  if (!target.startsWith('/') || target.startsWith('//')) return fallback;
  return target;
}
