import type { LogErrorKind } from '../../model.js';
import { redact } from '../../secrets.js';
import type { Check } from '../check.js';

/** The kinds that make a window unclean (checks.md); throttles are reported but do not fire it. */
const FAILURE_KINDS: readonly LogErrorKind[] = ['error', 'timeout', 'outOfMemory', 'unhandled'];
const KIND_WORDS: Record<LogErrorKind, [one: string, many: string]> = {
  error: ['error', 'errors'],
  timeout: ['timeout', 'timeouts'],
  outOfMemory: ['out-of-memory kill', 'out-of-memory kills'],
  unhandled: ['unhandled exception', 'unhandled exceptions'],
  throttle: ['throttle', 'throttles'],
};
const MAX_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 500;

/**
 * Trips when the log search of the window (default 24 h) found errors, timeouts
 * (`Task timed out`), out-of-memory kills (`Runtime exited with error: signal: killed`,
 * `Runtime.OutOfMemory`) or unhandled exceptions. Carries counts per kind and up to five sample
 * lines, redacted again here. A clean window yields nothing.
 */
export const logsRecentErrors: Check = {
  id: 'logs-recent-errors',
  severity: 'medium',
  categories: ['logs'],
  title: 'Function logged errors recently',
  risk: 'Failing invocations lose events or leave work half done; timeouts and out-of-memory kills also hint at abuse or a denial of wallet.',
  remediation:
    'Read the sample lines, fix the cause, and alarm on the Errors metric so the next failure pages someone.',
  requires: ['recentErrors'],
  actions: ['logs:FilterLogEvents'],
  run(snapshot) {
    const search = snapshot.recentErrors;
    if (search === null) return [];
    const failures = FAILURE_KINDS.reduce((sum, kind) => sum + (search.counts[kind] ?? 0), 0);
    if (failures === 0) return [];
    const summary = (Object.keys(KIND_WORDS) as LogErrorKind[])
      .filter((kind) => (search.counts[kind] ?? 0) > 0)
      .map((kind) => {
        const count = search.counts[kind];
        return `${count}${search.truncated ? '+' : ''} ${KIND_WORDS[kind][count === 1 && !search.truncated ? 0 : 1]}`;
      })
      .join(', ');
    const hours = Math.round((search.endTime - search.startTime) / 3_600_000);
    return [
      {
        detail: `${summary} in ${search.logGroupName} over the last ${hours} h.`,
        evidence: {
          logGroup: search.logGroupName,
          window: {
            start: new Date(search.startTime).toISOString(),
            end: new Date(search.endTime).toISOString(),
          },
          counts: { ...search.counts },
          countsAreLowerBounds: search.truncated,
          samples: search.samples.slice(0, MAX_SAMPLES).map((sample) => ({
            timestamp: new Date(sample.timestamp).toISOString(),
            // collect already redacted these; a second pass costs little and guards against drift.
            message: redact(sample.message).slice(0, MAX_SAMPLE_CHARS),
          })),
        },
      },
    ];
  },
};
