import { type Check, runChecks } from '../../../src/checks/check.js';
import type { Finding, FunctionSnapshot } from '../../../src/model.js';
import { makeContext } from '../../fixtures/snapshot.js';

/** Runs one check through the real runner (so a null `role` is skipped as in production). */
export function run(check: Check, snapshot: FunctionSnapshot, context = makeContext()): Finding[] {
  return runChecks([check], snapshot, context);
}
