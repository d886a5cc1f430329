/**
 * Path segments that name what the operation does rather than what it acts on: the last segment
 * of `/api/users/{id}/disable` makes `disableUser`, not `createUserDisable`.
 */
const ACTION_WORDS = new Set([
  'cancel',
  'compare',
  'disable',
  'enable',
  'export',
  'import',
  'publish',
  'send',
  'verify',
]);

const METHOD_VERBS: Record<string, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'set',
  PATCH: 'update',
  DELETE: 'delete',
};

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function isParameter(segment: string): boolean {
  return segment.startsWith(':') || segment.startsWith('{');
}

/**
 * The operationId a route gets unless it names its own: a verb for the method and the nouns of
 * its path, a noun in singular when a parameter picks one of it. `GET /api/agencies` is
 * `getAgencies`, `GET /api/agencies/{id}` `getAgency`, `POST /api/organisations`
 * `createOrganisation`, `GET /api/me/tokens` `getMyTokens`, `POST /api/users/{id}/disable`
 * `disableUser`. Derived from the method and path alone, it stays the same as long as they do.
 */
export function operationIdOf(method: string, url: string): string {
  const segments = url.split('/').filter((segment) => segment !== '' && segment !== 'api');
  const nouns: string[] = [];
  segments.forEach((segment, index) => {
    if (isParameter(segment)) return;
    const words = segment.split(/[-._]/).filter((word) => word !== '');
    const next = segments[index + 1];
    const last = words.length - 1;
    if (next !== undefined && isParameter(next)) words[last] = singular(words[last] ?? '');
    if (segment === 'me' && index < segments.length - 1) words[last] = 'my';
    nouns.push(...words);
  });

  const lastSegment = segments.at(-1) ?? '';
  const upper = method.toUpperCase();
  let verb = METHOD_VERBS[upper] ?? method.toLowerCase();
  const actionAt = nouns.length - lastSegment.split(/[-._]/).length;
  const action = isParameter(lastSegment) ? undefined : nouns[actionAt];
  if (action !== undefined && ACTION_WORDS.has(action)) {
    verb = action;
    nouns.splice(actionAt, 1);
  } else if (upper === 'POST' && !isParameter(lastSegment)) {
    // A POST to a collection creates one member of it.
    nouns[nouns.length - 1] = singular(nouns.at(-1) ?? '');
  }
  return verb + nouns.map(capitalised).join('');
}
