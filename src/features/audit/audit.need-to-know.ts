import type { AuditChanges, AuditTargetType } from './audit.events.js';
import { isFingerprint, type AuditFingerprints } from './audit.fingerprints.js';

/**
 * Records whose content only their readers may know. Need-to-know binds administrators too, and
 * the audit log is theirs to read: so what it records of these records is identifiers, field
 * names, numbers and markings, and of every other value a keyed fingerprint.
 */
const needToKnowTargets: ReadonlySet<string> = new Set<AuditTargetType>(['document']);

/**
 * Fields whose text names or marks the record instead of telling its content. Anything not
 * listed here is fingerprinted, so a field added later is withheld until someone decides
 * otherwise.
 */
const identifyingFields: ReadonlySet<string> = new Set([
  'id',
  'registrationNumber',
  'releasedTo',
  'tlp',
  'releasability',
  'contentType',
  'rendition',
  'on',
  'key',
  'fileRefused',
  'route',
]);

function identifies(field: string): boolean {
  return identifyingFields.has(field) || field.endsWith('_id') || field.endsWith('Id');
}

export function isNeedToKnow(targetType: string): boolean {
  return needToKnowTargets.has(targetType);
}

/**
 * The changes of an event about a need-to-know record, with every text that does not identify
 * it replaced by its fingerprint. A value under "before" or "after" belongs to the field around
 * it. `alreadyWithheld` keeps fingerprints as they are: for showing entries, some of which were
 * written before content was withheld.
 */
export function withholdContent(
  fingerprints: AuditFingerprints,
  recordId: string | null,
  changes: AuditChanges,
  alreadyWithheld = false,
): AuditChanges {
  const withhold = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      if (identifies(field) || (alreadyWithheld && isFingerprint(value))) return value;
      return fingerprints.of(recordId, field, value);
    }
    if (Array.isArray(value)) return value.map((item) => withhold(item, field));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          withhold(inner, key === 'before' || key === 'after' ? field : key),
        ]),
      );
    return value;
  };
  return withhold(changes, '') as AuditChanges;
}
