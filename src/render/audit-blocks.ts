/**
 * The audit answer in Slack, in the order an on-call engineer reads it: a one-line verdict and
 * who can cause the function to run, the role's blast radius in one line, then the findings one
 * line per check (most severe first), a check with several findings opening in place. Long lists
 * page with Previous/Next buttons that replace the message, and every finding shown carries its
 * menu: nothing is reachable only as text.
 */
import type { types } from '@slack/bolt';
import { parseAccountResource } from '../checks/account-check.js';
import type { AuditReport, Finding, Severity } from '../model.js';
import { compareRisk, countBySeverity, LAST_ACCESSED_API, SEVERITIES } from '../model.js';
import { context, divider, header, SEVERITY_EMOJI, section } from './block-kit.js';
import {
  type AnswerView,
  type BlockOptions,
  fallback,
  findingText,
  identityContext,
  logsText,
  plainCounts,
  plural,
  sharing,
  triggerLines,
  unverifiedText,
  when,
} from './block-parts.js';
import { escapeCode, escapeMrkdwn, plainText, truncate } from './escape.js';
import {
  type FindingMarks,
  findingMenu,
  isMuted,
  markLine,
  mention,
  mutedSummary,
  reauditBlock,
} from './finding-actions.js';
import { sortFindings } from './json.js';
import type { SlackMessage } from './limits.js';
import { EXPOSURE_WORDS, pathLine, widestFirst } from './path-lines.js';
import {
  ANSWER_GROUP_ACTION_ID,
  ANSWER_NEXT_ACTION_ID,
  ANSWER_PREVIOUS_ACTION_ID,
  SHARE_ACTION_ID,
} from './slack-ids.js';

export type { AnswerView } from './block-parts.js';

/** Lines (a check, or one finding) per page: the message stays under ~30 blocks. */
export const ITEMS_PER_PAGE = 12;
const PATHS_SHOWN = 3;

/** `<key>|<page>|<open group or empty>`: what a view button carries, never the findings. */
export function encodeAnswerView(key: string, view: AnswerView): string {
  return `${key}|${view.page}|${view.open ?? ''}`;
}

export function decodeAnswerView(value: string): { key: string; view: AnswerView } | null {
  const match = /^([\w-]{1,64})\|(\d{1,4})\|(\d{0,4})$/.exec(value);
  if (!match) return null;
  const [, key, page, open] = match as unknown as [string, string, string, string];
  return { key, view: { page: Number(page), open: open === '' ? null : Number(open) } };
}

export interface CheckGroup {
  check: string;
  /** Open findings first, most severe first; then snoozed and accepted ones. */
  findings: Finding[];
  /** How many are neither snoozed nor accepted. */
  active: number;
}

/**
 * Findings one group per check, riskiest first by the project's one rule (compareRisk over the
 * open findings: more critical first, then more high, ...; then by id), so checks whose findings
 * were all snoozed or accepted come last.
 */
export function groupByCheck(findings: readonly Finding[], marks?: FindingMarks): CheckGroup[] {
  const muted = (f: Finding) => isMuted(marks?.get(f.fingerprint));
  const byCheck = new Map<string, Finding[]>();
  for (const f of sortFindings(findings)) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  return [...byCheck]
    .map(([check, list]) => {
      const open = list.filter((f) => !muted(f));
      const group = { check, findings: [...open, ...list.filter(muted)], active: open.length };
      return { group, row: { name: check, counts: countBySeverity(open) } };
    })
    .sort((a, b) => compareRisk(a.row, b.row))
    .map(({ group }) => group);
}

// --- the head: verdict, exposure, blast radius -----------------------------------------------

const VERDICTS: Record<Severity, string> = {
  critical: 'Act now',
  high: 'Fix soon',
  medium: 'Worth fixing',
  low: 'Minor issues',
  info: 'Notes only',
};

/** `:rotating_light: *Act now*: 2 critical, 1 high`; open to the internet makes any high an alarm. */
export function verdictLine(report: AuditReport, active: readonly Finding[]): string {
  const counts = countBySeverity(active);
  const top = SEVERITIES.find((s) => counts[s] > 0);
  if (!top)
    return `:white_check_mark: *Nothing open*${report.unverified.length ? ' (but see what was not verified)' : ''}`;
  const alarm = report.exposure === 'internet-open' && (top === 'critical' || top === 'high');
  const emoji = alarm ? ':rotating_light:' : SEVERITY_EMOJI[top];
  return `${emoji} *${alarm ? 'Act now' : VERDICTS[top]}*: ${plainCounts(counts)}`;
}

/** Who can cause the function to run: the exposure, then the widest paths. */
function exposureText(report: AuditReport): string {
  if (report.paths.length === 0) {
    // A report made before invocation paths (or without them): the policy and URL say it.
    return `*Who can invoke it*\n${triggerLines(report, PATHS_SHOWN).join('\n')}`;
  }
  const paths = widestFirst(report.paths);
  const lines = paths.slice(0, PATHS_SHOWN).map(pathLine);
  if (paths.length > PATHS_SHOWN)
    lines.push(`_…and ${plural(paths.length - PATHS_SHOWN, 'more path')}: \`/lambda-audit triggers\`._`);
  return `*Who can invoke it*: ${EXPOSURE_WORDS[report.exposure]}\n${lines.join('\n')}`;
}

/** The role in one line: whose it is, who else uses it, and the worst thing it allows. */
export function blastRadiusLine(report: AuditReport, active: readonly Finding[]): string {
  const role = active.filter((f) => f.categories.includes('role'));
  const top = role[0];
  const what = top
    ? `${SEVERITY_EMOJI[top.severity]} ${escapeMrkdwn(truncate(top.title, 200))}${role.length > 1 ? ` (+${role.length - 1} more)` : ''}`
    : 'no role findings';
  const name = report.role.arn.slice(report.role.arn.lastIndexOf('/') + 1);
  return `*Blast radius* role \`${escapeCode(truncate(name, 200))}\` · ${sharing(report.role.sharedWith)} · ${what}${unusedServicesNote(report)}`;
}

/** What an early answer says while IAM's last-accessed job runs (tests wait past it). */
export const UNUSED_SERVICES_PENDING = 'unused services: still checking (IAM last-accessed job)';

/**
 * Whether the role's unused services are known yet: an early answer goes out before IAM's
 * last-accessed job ends, and its silence must not read as "none unused"; a job that failed is a gap.
 */
function unusedServicesNote(report: AuditReport): string {
  if (report.pending?.some((p) => p.api === LAST_ACCESSED_API))
    return ` · :hourglass_flowing_sand: _${UNUSED_SERVICES_PENDING}_`;
  if (report.unverified.some((g) => g.api === LAST_ACCESSED_API))
    return ' · :warning: _unused services not verified_';
  return '';
}

// --- the findings list -----------------------------------------------------------------------

/** A check of several findings (its line), one of them (opened), or a check's only finding. */
type Item =
  | { kind: 'group'; group: CheckGroup; index: number }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'single'; finding: Finding };

/** The list the pages cut: one line per check; a check with one finding shows it whole. */
function items(groups: readonly CheckGroup[], open: number | null): Item[] {
  return groups.flatMap((group, index): Item[] => {
    if (group.findings.length === 1) return [{ kind: 'single', finding: group.findings[0] as Finding }];
    const head: Item = { kind: 'group', group, index };
    return index === open
      ? [head, ...group.findings.map((finding) => ({ kind: 'finding' as const, finding }))]
      : [head];
  });
}

/** `:red_circle: *CRITICAL* *Title* `check``: how every check's line starts. */
function checkHead(top: Finding): string {
  return `${SEVERITY_EMOJI[top.severity]} *${top.severity.toUpperCase()}* *${escapeMrkdwn(truncate(top.title, 300))}* \`${escapeCode(truncate(top.check, 100))}\``;
}

function groupText(group: CheckGroup): string {
  const muted = group.findings.length - group.active;
  const decided = muted ? ` (${muted} snoozed or accepted)` : '';
  return `${checkHead(group.findings[0] as Finding)} · ${plural(group.findings.length, 'finding')}${decided}`;
}

/** A check's only finding, short: its line and the fix (the detail is in the ticket and the CLI). */
function singleText(f: Finding): string {
  return `${checkHead(f)}\n*Fix:* ${escapeMrkdwn(truncate(f.remediation, 240))}`;
}

function button(text: string, actionId: string, value: string): types.Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: plainText(text) }, value };
}

function itemBlock(
  item: Item,
  report: AuditReport,
  view: AnswerView,
  options: BlockOptions,
): types.SectionBlock {
  const key = options.actions?.key || options.moreKey;
  if (item.kind === 'group') {
    const block = section(groupText(item.group));
    if (!key) return block;
    const opened = view.open === item.index;
    const next = encodeAnswerView(key, { page: view.page, open: opened ? null : item.index });
    const label = opened ? 'Hide' : `Show ${item.group.findings.length}`;
    return { ...block, accessory: button(label, ANSWER_GROUP_ACTION_ID, next) };
  }
  const f = item.finding;
  const mark = markLine(options.marks?.get(f.fingerprint));
  const text = item.kind === 'single' ? singleText(f) : findingText(f, report.function.arn);
  const block = section(`${text}${mark ? `\n${mark}` : ''}`);
  return options.actions ? { ...block, accessory: findingMenu(f, options.actions) } : block;
}

function pager(
  view: AnswerView,
  pages: number,
  shown: string,
  options: BlockOptions,
  report: AuditReport,
): types.KnownBlock[] {
  if (pages <= 1) return [];
  const key = options.actions?.key || options.moreKey;
  if (!key)
    return [
      context(`${shown}; \`${escapeCode(`lambda-audit audit ${report.function.arn}`)}\` lists them all.`),
    ];
  // Paging keeps the opened check open: its findings may run onto the next page.
  const to = (page: number) => encodeAnswerView(key, { page, open: view.open });
  const elements: types.Button[] = [];
  if (view.page > 0) elements.push(button('Previous', ANSWER_PREVIOUS_ACTION_ID, to(view.page - 1)));
  if (view.page < pages - 1) elements.push(button('Next', ANSWER_NEXT_ACTION_ID, to(view.page + 1)));
  return [
    context(`Page ${view.page + 1} of ${pages} · ${shown}, most severe first`),
    { type: 'actions', block_id: 'lambda_audit_answer_pager', elements },
  ];
}

/** The view that shows one finding: its check opened, on the page where it falls. */
function focusView(groups: readonly CheckGroup[], fingerprint: string | undefined): AnswerView {
  const index = groups.findIndex((g) => g.findings.some((f) => f.fingerprint === fingerprint));
  if (index < 0) return { page: 0, open: null };
  const open = (groups[index] as CheckGroup).findings.length > 1 ? index : null;
  const at = items(groups, open).findIndex(
    (i) => i.kind !== 'group' && i.finding.fingerprint === fingerprint,
  );
  return { page: Math.floor(at / ITEMS_PER_PAGE), open };
}

/** Re-audit (with a store) and Share in channel (on an answer only its asker sees). */
function messageActions(report: AuditReport, options: BlockOptions): types.KnownBlock[] {
  const key = options.actions?.key || options.moreKey;
  const block = options.actions ? reauditBlock(report) : null;
  const share = key && !options.sharedBy ? [button('Share in channel', SHARE_ACTION_ID, key)] : [];
  if (block) return [{ ...block, elements: [...block.elements, ...share] }];
  return share.length ? [{ type: 'actions', block_id: 'lambda_audit_message_actions', elements: share }] : [];
}

export function renderAuditBlocks(report: AuditReport, options: BlockOptions = {}): SlackMessage {
  const marks = options.marks;
  const active = sortFindings(report.findings).filter((f) => !isMuted(marks?.get(f.fingerprint)));
  const groups = groupByCheck(report.findings, marks);
  const requested = options.view ?? focusView(groups, options.focus);
  const open = requested.open !== null && requested.open < groups.length ? requested.open : null;
  const list = items(groups, open);
  const pages = Math.max(1, Math.ceil(list.length / ITEMS_PER_PAGE));
  const page = Math.min(Math.max(0, requested.page), pages - 1);
  const view: AnswerView = { page, open };
  const shown = `${plural(groups.length, 'check')}, ${plural(report.findings.length, 'finding')}`;
  const gaps = report.unverified.length ? `  ·  :warning: *${report.unverified.length} not verified*` : '';
  const verdict = `${verdictLine(report, active)}${mutedSummary(report.findings, marks)}${gaps}`;
  // An account-and-region finding's answer (its buttons audit the account): no invoker, role or logs.
  const account = parseAccountResource(report.function.arn);
  const blocks: types.KnownBlock[] = [
    header(`Lambda audit: ${report.function.name}`),
    ...(options.sharedBy ? [context(`:speech_balloon: Shared by ${mention(options.sharedBy)}`)] : []),
    ...(account
      ? [
          section(
            `${verdict}\n*Account and region*: findings about account ${escapeCode(account.accountId)} in ${escapeCode(account.region)}, once for every function there.`,
          ),
        ]
      : [
          section(`${verdict}\n${exposureText(report)}`),
          section(blastRadiusLine(report, active)),
          identityContext(report),
        ]),
    ...(list.length ? [divider] : []),
    ...list
      .slice(page * ITEMS_PER_PAGE, (page + 1) * ITEMS_PER_PAGE)
      .map((item) => itemBlock(item, report, view, options)),
    ...pager(view, pages, shown, options, report),
    ...(account ? [] : [divider, section(logsText(report))]),
    ...(report.unverified.length ? [section(unverifiedText(report.unverified))] : []),
    ...(report.generatedAt ? [context(`Audited ${when(report.generatedAt)}`)] : []),
    ...messageActions(report, options),
  ];
  return { text: fallback(report, 'lambda-audit'), blocks };
}
