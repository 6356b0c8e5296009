/**
 * The CLI's words: its help (general and per verb, with the options each verb takes), its
 * version, and what it says about a word that is no verb ("did you mean").
 */
import { readFileSync } from 'node:fs';
import { helpText } from '../commands/help.js';
import { verbs } from '../commands/index.js';
import { UsageError } from './errors.js';
import { SEVERITIES } from './model.js';
import { packagePath } from './paths.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** The package's version, from package.json (the one npm installed). */
export function version(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/** The verbs only the CLI has (the Slack command shares the others through commands/). */
const CLI_ONLY: Record<string, { usage: string; summary: string }> = {
  digest: {
    usage: 'digest --dry-run [--region R ...]',
    summary: 'scan now and print the digest the schedule would post (stores nothing)',
  },
  demo: {
    usage: 'demo [audit|triggers|role|logs|scan <arguments>]',
    summary:
      'audit and scan a bundled sample account on a local fake AWS (no AWS or Slack needed); with a\n' +
      '      verb, run just that verb on the sample account, in any --format; `demo scan --org` scans a\n' +
      '      demo organization whose members include the sample account',
  },
  serve: {
    usage: 'serve',
    summary:
      'run the Slack bot and the digest schedule (needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or\n' +
      '      SLACK_APP_TOKEN for Socket Mode; see README.md for every variable)',
  },
  watch: {
    usage: 'watch',
    summary:
      'print each exposure change from the change-events queue (CHANGE_EVENTS_QUEUE_URL) as serve would\n' +
      '      post it to ALERT_CHANNEL; runs until Ctrl-C (see deploy/change-events.yaml)',
  },
  version: { usage: 'version', summary: 'print the version (also --version, -v)' },
};

/** Every verb the CLI understands, in help order. */
export function verbNames(): string[] {
  return [...verbs.map((v) => v.name), ...Object.keys(CLI_ONLY)];
}

/** The formats a verb prints; verbs that print no report take none. */
const VERB_FORMATS: Record<string, readonly Format[]> = {
  audit: FORMATS,
  triggers: FORMATS,
  role: FORMATS,
  logs: FORMATS,
  scan: FORMATS,
  snoozed: ['text', 'json'],
  digest: ['text', 'json'],
  watch: ['text', 'json'],
};
/** Verbs whose exit code --fail-on sets: those that print findings. */
const FAIL_ON = new Set(['audit', 'triggers', 'role', 'logs', 'scan']);

/** `lambda-audit <verb> --help` and `lambda-audit help <verb>`; null for an unknown verb. */
export function verbHelp(name: string): string | null {
  const shared = verbs.find((v) => v.name === name);
  const verb = shared ?? CLI_ONLY[name];
  if (!verb) return null;
  const formats = VERB_FORMATS[name];
  const usage = [`lambda-audit ${verb.usage}`];
  const options: string[] = [];
  if (formats) {
    usage.push(`[--format ${formats.join('|')}]`);
    options.push(`  --format ${formats.join('|')}   output format (default text)`);
  }
  if (FAIL_ON.has(name)) {
    usage.push('[--fail-on SEVERITY] [--allow-gaps]');
    options.push(
      `  --fail-on ${SEVERITIES.join('|')}   exit 1 when a finding is at or above it`,
      '  --allow-gaps   with --fail-on, what could not be read does not by itself exit 3',
    );
  }
  return [usage.join(' '), `  ${verb.summary}`, ...(options.length ? ['', ...options] : [])].join('\n');
}

/** `lambda-audit help` (and `lambda-audit` alone). */
export function usageText(): string {
  return [
    helpText('lambda-audit').replace(/\/lambda-audit/g, 'lambda-audit'),
    '',
    ...Object.values(CLI_ONLY).map((v) => `  lambda-audit ${v.usage}\n      ${v.summary}`),
    '',
    'Options: --format text|json|sarif   --fail-on critical|high|medium|low|info   --allow-gaps',
    '         --help   --version (lambda-audit help <verb> for one verb and its options)',
    'Exit codes: 0 clean (or below --fail-on), 1 findings at or above --fail-on, 2 usage error,',
    '3 an AWS error that stopped the audit, a scan that could not read everything, or, with',
    '--fail-on and without --allow-gaps, anything unverified.',
    'Environment: see README.md (AWS_REGION, AUDIT_REGIONS, ...).',
  ].join('\n');
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The verb a mistyped word was probably meant to be: one edit away (two for longer words). */
export function nearestVerb(word: string): string | null {
  const lower = word.toLowerCase();
  let best: { name: string; edits: number } | null = null;
  for (const name of verbNames()) {
    const edits = distance(lower, name);
    if (edits === 0) return name;
    if (edits <= (name.length > 4 ? 2 : 1) && (!best || edits < best.edits)) best = { name, edits };
  }
  return best?.name ?? null;
}

/** "unknown command", with the near-miss verb if there is one and the list of verbs. */
export function unknownCommand(word: string, why?: string): UsageError {
  const shown = word.slice(0, 80);
  const near = nearestVerb(word);
  const hint = near
    ? `; did you mean '${near}'? (to audit a function named ${shown}: lambda-audit audit ${shown})`
    : why
      ? ` (and ${why})`
      : '';
  return new UsageError(`unknown command '${shown}'${hint}. Verbs: ${verbNames().join(', ')}`);
}
