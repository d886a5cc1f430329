import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from '../../../test/support/node-test.js';
import { AuditFingerprints, isFingerprint } from './audit.fingerprints.js';
import { isNeedToKnow, withholdContent } from './audit.need-to-know.js';

describe('the content of need-to-know records in the audit log', () => {
  const fingerprints = new AuditFingerprints({ keyId: 'k1', key: randomBytes(32) });

  test('documents are need-to-know; meetings and users are not', () => {
    assert.equal(isNeedToKnow('document'), true);
    assert.equal(isNeedToKnow('meeting'), false);
    assert.equal(isNeedToKnow('user'), false);
  });

  test('identifiers, numbers and markings stay; every other text becomes a fingerprint', () => {
    const withheld = withholdContent(fingerprints, 'doc-1', {
      registrationNumber: 'EUROPOL-2017-00001',
      title: { before: 'Operation A', after: 'Operation B' },
      holder_organisation_id: { before: null, after: 'org-2' },
      marking: { id: 'doc-1', tlp: 'amber', limite: 1, releasedTo: ['org-3'] },
      version: 2,
      reference: false,
      reason: 'Because of operation A',
      notes: ['first', 'second'],
    });
    assert.equal(withheld.registrationNumber, 'EUROPOL-2017-00001');
    assert.deepEqual(withheld.holder_organisation_id, { before: null, after: 'org-2' });
    assert.deepEqual(withheld.marking, {
      id: 'doc-1',
      tlp: 'amber',
      limite: 1,
      releasedTo: ['org-3'],
    });
    assert.equal(withheld.version, 2);
    assert.equal(withheld.reference, false);
    const title = withheld.title as { before: string; after: string };
    for (const value of [title.before, title.after, withheld.reason, ...(withheld.notes as [])])
      assert.ok(isFingerprint(String(value)), String(value));
    assert.doesNotMatch(JSON.stringify(withheld), /Operation|operation|first|second/);
  });

  test('a fingerprint depends on the key, the record, the field and the value', () => {
    const of = (record: string, field: string, value: string) =>
      fingerprints.of(record, field, value);
    assert.equal(of('doc-1', 'title', 'A'), of('doc-1', 'title', 'A'));
    assert.notEqual(of('doc-1', 'title', 'A'), of('doc-1', 'title', 'B'));
    assert.notEqual(of('doc-1', 'title', 'A'), of('doc-2', 'title', 'A'));
    assert.notEqual(of('doc-1', 'title', 'A'), of('doc-1', 'description', 'A'));
    const other = new AuditFingerprints({ keyId: 'k1', key: randomBytes(32) });
    assert.notEqual(other.of('doc-1', 'title', 'A'), of('doc-1', 'title', 'A'));
    assert.match(of('doc-1', 'title', 'A'), /^hmac:k1:[0-9a-f]{32}$/);
  });

  test('showing withholds once: fingerprints written stay, content written before is withheld', () => {
    const written = withholdContent(fingerprints, 'doc-1', { title: 'Operation A' });
    assert.deepEqual(withholdContent(fingerprints, 'doc-1', written, true), written);
    assert.notDeepEqual(withholdContent(fingerprints, 'doc-1', written), written);
    const legacy = withholdContent(fingerprints, 'doc-1', { title: 'Operation A' }, true);
    assert.deepEqual(legacy, written);
  });

  test('the key never shows when fingerprints are logged', () => {
    const key = randomBytes(32);
    const shown = JSON.stringify(new AuditFingerprints({ keyId: 'k1', key }));
    assert.equal(shown.includes(key.toString('hex')), false);
    assert.equal(shown.includes(key.toString('base64')), false);
  });
});
