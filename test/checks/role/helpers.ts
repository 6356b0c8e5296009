import { type Check, runChecks } from '../../../src/checks/check.js';
import type { Finding, FunctionSnapshot } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { gap } from '../cases.js';

/** Runs one check through the real runner (so a null `role` is skipped as in production). */
export function run(check: Check, snapshot: FunctionSnapshot, context = makeContext()): Finding[] {
  return runChecks([check], snapshot, context);
}

/** The function's role as collect leaves it when `api` failed: unread (null), the gap named. */
export function roleUnread(api = 'iam:GetRole'): FunctionSnapshot {
  return makeSnapshot({ role: null, unverified: [gap(api, 'role')] });
}
