import type { CommandOutput } from '../../engine-contract.js';
import { errorFields } from '../../log.js';
import type { FindingMarks } from '../../render/finding-actions.js';
import type { ListenerDeps } from '../listeners/deps.js';

/**
 * Decisions about the findings an answer shows (snoozed, accepted, ticketed), for rendering.
 * Undefined without a store or when it cannot be read: the answer then counts every finding,
 * which is better than no answer.
 */
export async function marksFor(deps: ListenerDeps, output: CommandOutput): Promise<FindingMarks | undefined> {
  if (!deps.interactive || !('report' in output) || !('findings' in output.report)) return undefined;
  try {
    return await deps.interactive.findingStates(output.report.findings.map((f) => f.fingerprint));
  } catch (error) {
    deps.log.log('warn', 'finding states unavailable; counting every finding', errorFields(error));
    return undefined;
  }
}
