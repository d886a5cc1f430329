import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { operationIdOf } from './operation-id.js';

describe('operationIds derived from the route', () => {
  test('a verb for the method, then the nouns of the path', () => {
    assert.equal(operationIdOf('GET', '/api/agencies'), 'getAgencies');
    assert.equal(operationIdOf('PATCH', '/api/me'), 'updateMe');
    assert.equal(operationIdOf('PUT', '/api/documents/:id/marking'), 'setDocumentMarking');
    assert.equal(operationIdOf('DELETE', '/api/calendar-feed'), 'deleteCalendarFeed');
  });

  test('a noun a parameter picks one of is singular', () => {
    assert.equal(operationIdOf('GET', '/api/agencies/:id'), 'getAgency');
    assert.equal(operationIdOf('GET', '/api/activities/{id}/revisions'), 'getActivityRevisions');
    assert.equal(
      operationIdOf('PATCH', '/api/meetings/:id/action-points/:childId'),
      'updateMeetingActionPoint',
    );
    assert.equal(operationIdOf('GET', '/api/me/tokens'), 'getMyTokens');
  });

  test('a POST to a collection creates one of it', () => {
    assert.equal(operationIdOf('POST', '/api/organisations'), 'createOrganisation');
    assert.equal(operationIdOf('POST', '/api/me/tokens'), 'createMyToken');
    assert.equal(operationIdOf('POST', '/api/activities/:id/updates'), 'createActivityUpdate');
  });

  test('a last segment that is an action is the verb', () => {
    assert.equal(operationIdOf('POST', '/api/users/:id/disable'), 'disableUser');
    assert.equal(operationIdOf('POST', '/api/scorecard/import'), 'importScorecard');
    assert.equal(operationIdOf('GET', '/api/audit/export.csv'), 'exportAuditCsv');
    assert.equal(
      operationIdOf('POST', '/api/meetings/:id/invitations/send'),
      'sendMeetingInvitations',
    );
  });
});
