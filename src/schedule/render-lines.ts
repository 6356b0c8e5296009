/**
 * The digest's lines in Slack mrkdwn, shared by the channel message and its thread: a finding,
 * a finding grouped per function and check, an account and region finding, a failed read. Every
 * AWS-sourced string is escaped (src/render/escape.ts) and cut to a length people read.
 */
import { compareRisk, countBySeverity, SEVERITIES, type Severity, severityRank } from '../model.js';
import { SEVERITY_EMOJI } from '../render/block-kit.js';
import { plainCounts } from '../render/block-parts.js';
import { escapeCode, escapeMrkdwn, firstSentence, truncate } from '../render/escape.js';
import type { CountReconciliation, DigestFinding, GapGroup } from './digest.js';

/** Lines of each list shown in the channel message; the rest is in the thread. */
export const PREVIEW = 5;
/** New ways in from the internet the channel message spells out. */
export const HEADLINE = 8;
/** A finding's detail (it names the variable, route, role or log group) is cut here. */
const DETAIL_MAX = 180;
/** Function names listed for a shared finding or a failed read before "+N more". */
const NAMES_MAX = 12;

/** Inline code around a foreign string (escapeCode makes it safe inside the backticks). */
export const code = (text: string): string => `\`${escapeCode(text)}\``;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function totalsLine(totals: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => totals[s] > 0).map(
    (s) => `${SEVERITY_EMOJI[s]} *${totals[s]} ${s}*`,
  );
  return parts.length ? parts.join('  ·  ') : ':white_check_mark: *No open findings*';
}

function names(list: readonly string[], max = NAMES_MAX): string {
  const shown = list.slice(0, max).map(code).join(', ');
  return list.length > max ? `${shown}, +${list.length - max} more` : shown;
}

/** ` (also on `b`, `c`)` for a finding several functions report (a shared role's). */
function alsoOn(f: DigestFinding): string {
  return f.on.length > 1
    ? ` _(also on ${names(
        f.on.slice(1).map((o) => o.functionName),
        5,
      )})_`
    : '';
}

const detail = (f: DigestFinding): string => escapeMrkdwn(truncate(f.detail, DETAIL_MAX));

/** `:red_circle: `env-secrets` ×4 on `billing-export` (+1 more) (eu-central-1): title`. */
export function findingLine(f: DigestFinding, times = 1): string {
  const more = f.functions > 1 ? ` (+${f.functions - 1} more)` : '';
  const count = times > 1 ? ` ×${times}` : '';
  return `${SEVERITY_EMOJI[f.severity]} ${code(f.check)}${count} on ${code(f.functionName)}${more} (${escapeMrkdwn(f.region)}): ${escapeMrkdwn(f.title)}`;
}

/** One line per check and function (`env-secrets` ×4 on `billing-export`), in first-seen order. */
export function findingLines(findings: readonly DigestFinding[]): string[] {
  const groups = new Map<string, DigestFinding[]>();
  for (const f of findings) {
    const key = `${f.check}\u0000${f.functionArn}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((group) => findingLine(group[0] as DigestFinding, group.length));
}

/** The headline check (checks.md): an open path into a function whose role can take over the account. */
const POWERFUL = 'exposure-open-powerful-role';

/**
 * New ways in from the internet (most severe first, as the digest lists them), one line per
 * function: the function, whether its role could take over the account, then each open path's
 * source and why it is open (the findings' details).
 */
export function openPathLines(findings: readonly DigestFinding[]): string[] {
  const byFunction = new Map<string, DigestFinding[]>();
  for (const f of findings) byFunction.set(f.functionArn, [...(byFunction.get(f.functionArn) ?? []), f]);
  return [...byFunction.values()].map((list) => {
    const first = list[0] as DigestFinding;
    const paths = list.filter((f) => f.check !== POWERFUL);
    const powerful = list.find((f) => f.check === POWERFUL);
    const takeover = powerful && paths.length ? ` :skull: *${escapeMrkdwn(powerful.title)}*` : '';
    // The headline says the whole why (a URL and its grants), the thread's lines less.
    const why = (paths.length ? paths : list)
      .map((f) => escapeMrkdwn(truncate(f.detail, 2 * DETAIL_MAX)))
      .join(' · ');
    return `${SEVERITY_EMOJI[first.severity]} ${code(first.functionName)} (${escapeMrkdwn(first.region)})${takeover}: ${why}`;
  });
}

/** `:large_blue_circle: account 123456789012 us-east-1: GuardDuty ... is off` (once, however many functions). */
export function accountLine(f: DigestFinding & { isNew?: boolean }, fixed = false): string {
  const mark = fixed ? ':white_check_mark: fixed: ' : `${SEVERITY_EMOJI[f.severity]} `;
  const isNew = f.isNew ? ' · *new*' : '';
  return `${mark}account ${escapeMrkdwn(f.accountId)} ${escapeMrkdwn(f.region)}: ${escapeMrkdwn(f.title)} ${code(f.check)}${isNew}`;
}

/** A function's findings, grouped per check (most severe first), each naming what it is about. */
export interface FunctionGroup {
  functionName: string;
  region: string;
  accountId: string;
  findings: DigestFinding[];
}

/**
 * Findings per function, riskiest function first. A finding several functions report (a shared
 * role's) is listed once, under the first of them, with the others named.
 */
export function groupByFunction(findings: readonly DigestFinding[]): FunctionGroup[] {
  const groups = new Map<string, FunctionGroup>();
  for (const f of findings) {
    const group = groups.get(f.functionArn) ?? {
      functionName: f.functionName,
      region: f.region,
      accountId: f.accountId,
      findings: [],
    };
    group.findings.push(f);
    groups.set(f.functionArn, group);
  }
  const row = ([arn, g]: [string, FunctionGroup]) => ({
    name: g.functionName,
    counts: countBySeverity(g.findings),
    key: arn,
  });
  return [...groups.entries()].sort((a, b) => compareRisk(row(a), row(b))).map(([, g]) => g);
}

/** The group as lines: a title, then one line per check; a check found several times lists each. */
export function functionGroupLines(group: FunctionGroup): string[] {
  const title = `*${code(group.functionName)}* · ${escapeMrkdwn(group.region)} · ${escapeMrkdwn(group.accountId)} — ${plainCounts(countBySeverity(group.findings))}`;
  const lines = [title];
  for (const [check, list] of byCheck(group.findings)) {
    const first = list[0] as DigestFinding;
    if (list.length === 1) {
      lines.push(`${SEVERITY_EMOJI[first.severity]} ${code(check)} ${detail(first)}${alsoOn(first)}`);
      continue;
    }
    lines.push(
      `${SEVERITY_EMOJI[first.severity]} ${code(check)} ×${list.length}: ${escapeMrkdwn(first.title)}`,
    );
    for (const f of list) lines.push(`      ◦ ${detail(f)}${alsoOn(f)}`);
  }
  return lines;
}

/** A function's findings per check, the most severe check first; each check's findings worst first, then by detail. */
export function byCheck(findings: readonly DigestFinding[]): [string, DigestFinding[]][] {
  const checks = new Map<string, DigestFinding[]>();
  for (const f of findings) checks.set(f.check, [...(checks.get(f.check) ?? []), f]);
  const rank = (f: DigestFinding) => severityRank(f.severity);
  const sorted = [...checks.entries()].map(([check, list]): [string, DigestFinding[]] => [
    check,
    [...list].sort((a, b) => rank(b) - rank(a) || a.detail.localeCompare(b.detail)),
  ]);
  const worst = (list: DigestFinding[]) => rank(list[0] as DigestFinding);
  return sorted.sort(([a, x], [b, y]) => worst(y) - worst(x) || a.localeCompare(b));
}

/**
 * One failed read, once however many functions it left unread. `brief` (the channel message):
 * a few names and the first sentence of the reason; the thread names every function (up to 200).
 */
export function gapGroupLine(group: GapGroup, brief = false): string {
  const where = `${escapeMrkdwn(group.region)}${group.accountId ? ` (${escapeMrkdwn(group.accountId)})` : ''}`;
  const reason = escapeMrkdwn(truncate(brief ? firstSentence(group.reason) : group.reason, DETAIL_MAX));
  const listed = (list: readonly string[]) => names(list, brief ? 5 : 200);
  if (group.kind === 'failed') {
    const what = group.functions.includes('*')
      ? `every function in ${where}`
      : `${listed(group.functions)} in ${where}`;
    return `:x: could not read ${what}: ${reason}`;
  }
  const api = code(group.api ?? 'unknown API');
  const area = group.area ? `${escapeMrkdwn(group.area)} ` : '';
  const scope = [
    ...(group.account ? ['the account and region'] : []),
    ...(group.functions.length
      ? [`${plural(group.functions.length, 'function')}: ${listed(group.functions)}`]
      : []),
  ].join('; ');
  return `:warning: ${api} in ${where} · ${area}unverified for ${scope} — ${reason}`;
}

/**
 * Why the open total is not the scan's, in one line; null when they agree. The scan counts a
 * finding once per function it is on; the digest counts it once, and only while it is open.
 */
export function reconciliationText(c: CountReconciliation | null): string | null {
  if (!c || (c.scanCounted === c.open && c.carried === 0)) return null;
  const parts: string[] = [];
  if (c.shared) parts.push(`−${c.shared} repeats of findings shared by several functions (a role's)`);
  if (c.decided) parts.push(`−${c.decided} snoozed or accepted`);
  if (c.carried > 0) parts.push(`+${c.carried} still open that the scan could not check again`);
  if (c.carried < 0) parts.push(`−${-c.carried} found twice on one function`);
  return `The scan counted ${c.scanCounted} (once per function a finding is on); ${c.open} here: ${parts.join(', ')}.`;
}
