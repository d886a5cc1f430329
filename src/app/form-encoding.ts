/**
 * `application/x-www-form-urlencoded` text (form bodies and query strings), read strictly: a
 * percent-encoded sequence that is not UTF-8 (`%FF`, or `%ED%A0%80`, a lone surrogate) is an
 * error naming its field, where a lenient reader keeps it as it is or puts U+FFFD in its place.
 */

/** The form's fields by name; a name given more than once (checkboxes) holds a list. */
export type FormFields = Record<string, string | string[]>;

/** A field whose name or value is not valid percent-encoded UTF-8. */
export class MalformedFieldError extends Error {
  constructor(readonly field: string) {
    super(`${field} is not valid percent-encoded UTF-8 text`);
  }
}

function decoded(text: string, field: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new MalformedFieldError(field);
  }
}

/** Each name and value, decoded, in the order given. Throws `MalformedFieldError`. */
export function formPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const rawName = equals < 0 ? part : part.slice(0, equals);
    const name = decoded(rawName, rawName);
    pairs.push([name, equals < 0 ? '' : decoded(part.slice(equals + 1), name)]);
  }
  return pairs;
}

/** The fields of a form body. Throws `MalformedFieldError`. */
export function formFields(text: string): FormFields {
  // No prototype: a field named "__proto__" or "constructor" is a field like any other.
  const fields = Object.create(null) as FormFields;
  for (const [name, value] of formPairs(text)) {
    const earlier = fields[name];
    if (earlier === undefined) fields[name] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else fields[name] = [earlier, value];
  }
  return fields;
}
