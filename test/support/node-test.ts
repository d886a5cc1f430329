/**
 * node:test with a deadline on every test and hook. `--test-timeout` bounds a whole file, and a
 * timeout given to `describe` bounds the whole suite; a regression that hangs one test must fail
 * that test by name instead, so each test and hook gets its own deadline here. Test files import
 * `describe`, `test`, `before` and `after` from this module, never from node:test (lint enforces it).
 */
import * as nodeTest from 'node:test';

/** Set per tier by scripts/test.js; the fallback serves a file run on its own. */
const TEST_TIMEOUT_MS = Number(process.env.JHANET_TEST_TIMEOUT_MS ?? 120_000);

type Body = nodeTest.TestFn;
type HookBody = nodeTest.HookFn;

export const describe = nodeTest.describe;

/** A test that fails by name when it runs longer than the tier's deadline (or its own). */
export function test(name: string, body: Body): Promise<void>;
export function test(name: string, options: nodeTest.TestOptions, body: Body): Promise<void>;
export function test(
  name: string,
  optionsOrBody: nodeTest.TestOptions | Body,
  maybeBody?: Body,
): Promise<void> {
  const [options, body] =
    typeof optionsOrBody === 'function' ? [{}, optionsOrBody] : [optionsOrBody, maybeBody];
  return nodeTest.test(name, { timeout: TEST_TIMEOUT_MS, ...options }, body);
}

export function before(body: HookBody): void {
  nodeTest.before(body, { timeout: TEST_TIMEOUT_MS });
}

export function after(body: HookBody): void {
  nodeTest.after(body, { timeout: TEST_TIMEOUT_MS });
}
