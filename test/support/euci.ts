import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

/**
 * Sees a change of access to EU classified information through. A change that widens access
 * answers 202 with a request, which `confirm` (a second administrator, of another organisation)
 * confirms here; one that narrows access answered 200 and has taken effect already.
 */
export async function throughFourEyes(
  answer: LightMyRequestResponse,
  confirm: (url: string) => Promise<LightMyRequestResponse>,
): Promise<void> {
  if (answer.statusCode === 200) return;
  assert.equal(answer.statusCode, 202, answer.body);
  const { id } = answer.json<{ id: string }>();
  const confirmed = await confirm(`/api/euci-requests/${id}/confirm`);
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  assert.equal(confirmed.json<{ status: string }>().status, 'confirmed');
}
