/** A scan's progress message in every state, hostile where AWS or a user could put text. */
import type { ScanProgress } from '../../src/engine-contract.js';
import type { ScanSummary } from '../../src/model.js';
import type { ScanProgressView } from '../../src/render/scan-progress-blocks.js';
import { HOSTILE, HOSTILE_TEXT } from '../slack/fixtures.js';

/** A scan's progress and views of it, hostile where AWS or a user could put text. */
export function progressOf(
  accounts: number,
  unreachable: number,
  reason = 'AccessDenied.',
  elsewhere = 0,
): ScanProgress {
  return {
    accounts: { done: Math.floor(accounts / 2), total: accounts },
    units: { done: accounts, total: accounts * 2, elsewhere },
    slowest: { unit: `${HOSTILE.channel}/${HOSTILE.link}`, ms: 61_400 },
    unreachable: Array.from({ length: unreachable }, (_, i) => ({
      accountId: `${HOSTILE.user}${i}`,
      api: `sts:${HOSTILE.here}`,
      reason,
    })),
  };
}

export const PROGRESS_SUMMARY: ScanSummary = {
  functions: 12,
  incomplete: 2,
  bySeverity: { critical: 1, high: 3, medium: 0, low: 0, info: 4 },
  regions: ['eu-central-1', HOSTILE.channel],
  failed: [],
};

/** Every state of the message, at the sizes that matter, for the limits meta-test. */
export function progressPayloads(): [string, ScanProgressView][] {
  const out: [string, ScanProgressView][] = [];
  for (const [accounts, unreachable] of [
    [1, 0],
    [3, 1],
    [100, 100],
  ] as const) {
    // Half the units done were another replica's: the note about the shared scan shows too.
    const progress = progressOf(accounts, unreachable, HOSTILE_TEXT.repeat(100), Math.floor(accounts / 2));
    const base = { by: HOSTILE.user, progress, functions: { done: 5, total: 9 } };
    out.push([`progress ${accounts}/${unreachable}`, { ...base, outcome: null }]);
    out.push([
      `done ${accounts}/${unreachable}`,
      { ...base, outcome: { kind: 'done', summary: PROGRESS_SUMMARY } },
    ]);
    out.push([`failed ${accounts}`, { ...base, outcome: { kind: 'failed', ref: HOSTILE_TEXT } }]);
    out.push([`handed over ${accounts}`, { ...base, outcome: { kind: 'handed over' } }]);
  }
  out.push([
    'not started',
    { by: HOSTILE.user, progress: null, functions: { done: 0, total: 0 }, outcome: null },
  ]);
  return out;
}
