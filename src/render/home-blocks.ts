/**
 * The App Home tab: what an on-call engineer opens first. The last scan's riskiest functions,
 * what is open to the internet, what people snoozed or accepted (who, why, when it expires,
 * soonest first), what the scan could not see, when it ran, and buttons to scan or audit a
 * function (a modal with a picker fed by the last scan). Within a view's 100 blocks.
 */
import type { types } from '@slack/bolt';
import { compareRisk, type RiskRow, type Severity } from '../model.js';
import type { FindingRecord, ScanGap, ScanRecord } from '../store/store.js';
import { context, divider, header, SEVERITY_EMOJI, section, slackDate } from './block-kit.js';
import { packLines, plainCounts, plural } from './block-parts.js';
import { escapeCode, escapeMrkdwn, plainText, truncate } from './escape.js';
import { mention } from './finding-actions.js';
import {
  AUDIT_PICKER_ACTION_ID,
  AUDIT_PICKER_BLOCK_ID,
  AUDIT_PICKER_VIEW_ID,
  HOME_AUDIT_ACTION_ID,
  HOME_SCAN_ACTION_ID,
} from './slack-ids.js';

const LIST = 10;

/** One function of the last scan with its open findings counted. */
export interface HomeFunction {
  name: string;
  arn: string;
  region: string;
  counts: Record<Severity, number>;
}

export interface HomeData {
  scan: ScanRecord | null;
  /** Functions of the last scan with open findings (any order: the view sorts them). */
  functions: HomeFunction[];
  /** Open findings that name a way in from the internet. */
  internet: FindingRecord[];
  /** Snoozed and accepted findings. */
  decided: FindingRecord[];
  /** What the last scan could not read. */
  gaps: ScanGap[];
}

/** Riskiest first by the project's one rule (compareRisk). */
export function riskiestFunctions(functions: readonly HomeFunction[]): HomeFunction[] {
  const row = (f: HomeFunction): RiskRow => ({ name: f.name, counts: f.counts, key: f.arn });
  return [...functions].sort((a, b) => compareRisk(row(a), row(b)));
}

/** Snoozes that run out soonest first; acceptances (no expiry) after them, newest first. */
export function expiringFirst(decided: readonly FindingRecord[]): FindingRecord[] {
  const until = (f: FindingRecord) =>
    f.state === 'snoozed' && f.snoozedUntil ? Date.parse(f.snoozedUntil) : Number.POSITIVE_INFINITY;
  return [...decided].sort((a, b) => until(a) - until(b) || (b.stateAt ?? '').localeCompare(a.stateAt ?? ''));
}

function listed(title: string, lines: string[], total: number, empty: string): types.KnownBlock[] {
  const more = total > lines.length ? [`_…and ${total - lines.length} more_`] : [];
  const body = lines.length ? [...lines, ...more] : [empty];
  const [first, ...rest] = packLines([`*${title}*`, ...body]);
  return [section(first ?? ''), ...rest.slice(0, 2).map(section)];
}

function functionLine(f: HomeFunction): string {
  const top = (['critical', 'high', 'medium', 'low', 'info'] as const).find((s) => f.counts[s] > 0);
  return `${top ? SEVERITY_EMOJI[top] : ':white_check_mark:'} \`${escapeCode(truncate(f.name, 140))}\` ${escapeMrkdwn(f.region)} · ${plainCounts(f.counts)}`;
}

/** The finding's function by name (a shared role's finding names its first function, +N). */
function functionOf(f: FindingRecord): string {
  const first = f.functions[0]?.functionName ?? f.functionArn;
  return f.functions.length > 1 ? `${first} +${f.functions.length - 1}` : first;
}

function internetLine(f: FindingRecord): string {
  return `${SEVERITY_EMOJI[f.severity]} \`${escapeCode(truncate(functionOf(f), 140))}\` · ${escapeMrkdwn(truncate(f.title, 160))} \`${escapeCode(f.check)}\``;
}

function decidedLine(f: FindingRecord): string {
  const what = `\`${escapeCode(f.check)}\` on \`${escapeCode(truncate(functionOf(f), 140))}\``;
  const why = f.acceptedReason ? ` · _${escapeMrkdwn(truncate(f.acceptedReason, 200))}_` : '';
  if (f.state === 'snoozed') {
    const until = f.snoozedUntil ? slackDate(f.snoozedUntil, '{date_short_pretty}') : 'an unknown date';
    return `:zzz: ${what} · snoozed by ${mention(f.stateBy)} until ${until}${why}`;
  }
  return `:white_check_mark: ${what} · accepted by ${mention(f.stateBy)}${why} · no expiry`;
}

function coverageLines(data: HomeData): string[] {
  const scan = data.scan;
  if (!scan) return [];
  const regionWide = data.gaps.filter((g) => g.functionArn === '*');
  const perFunction = data.gaps.filter((g) => g.functionArn !== '*');
  const lines = regionWide
    .slice(0, 5)
    .map(
      (g) =>
        `:warning: every function in ${escapeMrkdwn(g.region)}: ${g.api ? `\`${escapeCode(g.api)}\` ` : ''}${escapeMrkdwn(truncate(g.reason, 200))}`,
    );
  const functions = new Set(perFunction.map((g) => g.functionArn)).size;
  if (functions)
    lines.push(`:warning: ${plural(functions, 'function')} read with gaps (findings may be missing)`);
  if (scan.failed) lines.push(`:warning: ${plural(scan.failed, 'function')} could not be audited`);
  return lines.length ? lines : [':white_check_mark: everything the scan needed could be read'];
}

export function renderHome(data: HomeData): types.HomeView {
  const scan = data.scan;
  const when = scan
    ? `Last scan ${slackDate(scan.finishedAt)} · ${plural(scan.functions, 'function')} in ${scan.regions.map(escapeCode).join(', ') || 'no region'}`
    : 'No scan yet: run one to fill this page.';
  const riskiest = riskiestFunctions(data.functions);
  const decided = expiringFirst(data.decided);
  const blocks: types.KnownBlock[] = [
    header('lambda-audit'),
    context(when),
    {
      type: 'actions',
      block_id: 'lambda_audit_home_actions',
      elements: [
        {
          type: 'button',
          style: 'primary',
          action_id: HOME_SCAN_ACTION_ID,
          text: { type: 'plain_text', text: 'Run a scan' },
        },
        {
          type: 'button',
          action_id: HOME_AUDIT_ACTION_ID,
          text: { type: 'plain_text', text: 'Audit a function…' },
        },
      ],
    },
    divider,
    ...listed(
      'Riskiest functions',
      riskiest.slice(0, LIST).map(functionLine),
      riskiest.length,
      '_No open findings in the last scan._',
    ),
    ...listed(
      ':globe_with_meridians: Open to the internet',
      data.internet.slice(0, LIST).map(internetLine),
      data.internet.length,
      '_Nothing open to the internet in the last scan._',
    ),
    ...listed('Snoozed and accepted', decided.slice(0, LIST).map(decidedLine), decided.length, '_None._'),
    ...(scan ? listed('Coverage', coverageLines(data), 0, '') : []),
    context(
      '`/lambda-audit help` lists every verb. Answers to the buttons arrive in this app’s Messages tab.',
    ),
  ];
  return { type: 'home', blocks };
}

/** The "Audit a function" modal: a picker of the last scan's functions, riskiest first (100 at most). */
export function auditPickerModal(functions: readonly HomeFunction[]): types.ModalView {
  const options = riskiestFunctions(functions)
    .slice(0, 100)
    .map((f) => ({
      text: { type: 'plain_text' as const, text: truncate(plainText(`${f.name} (${f.region})`), 75) },
      // The ARN names the region; option values hold 150 characters.
      value: truncate(f.arn, 150),
    }));
  const blocks: types.KnownBlock[] = options.length
    ? [
        {
          type: 'input',
          block_id: AUDIT_PICKER_BLOCK_ID,
          label: { type: 'plain_text', text: 'Function' },
          element: {
            type: 'static_select',
            action_id: AUDIT_PICKER_ACTION_ID,
            placeholder: { type: 'plain_text', text: 'Riskiest first' },
            options,
          },
        },
        context(
          'Functions of the last scan with open findings; `/lambda-audit &lt;name&gt;` audits any other.',
        ),
      ]
    : [section('_No scan has found a function yet; use `/lambda-audit &lt;name&gt;`._')];
  return {
    type: 'modal',
    callback_id: AUDIT_PICKER_VIEW_ID,
    title: { type: 'plain_text', text: 'Audit a function' },
    ...(options.length ? { submit: { type: 'plain_text' as const, text: 'Audit' } } : {}),
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
