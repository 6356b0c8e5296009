/**
 * The thread reply to an alarm: what broke (the alarm and its logs), what changed (LastModified),
 * and is it exposed (the audit's headline, exposure first), with a button for the full audit (whose
 * findings each have their menu: ticket, snooze, accept). Pure. Every foreign string (alarm names and reasons, log lines, finding titles) passes
 * through src/render/escape.ts, so a hostile log line cannot ping a channel or forge a link.
 */
import { isInternetExposed } from '../exposure.js';
import type { AuditReport, Finding, LogErrorKind, LogSearch } from '../model.js';
import { countBySeverity, SEVERITIES } from '../model.js';
import { SEVERITY_EMOJI } from '../render/block-kit.js';
import { escapeCode, escapeMrkdwn, stripControl, truncate } from '../render/escape.js';
import { sortFindings } from '../render/json.js';
import { SLACK_LIMITS as L } from '../render/limits.js';
import { TRIAGE_FULL_AUDIT_ACTION_ID } from '../render/slack-ids.js';
import { type Block, type Button, button, context, section, type TriageMessage } from './blocks.js';
import type { AlarmRef } from './types.js';
import { clock, duration, parseTime, RECENT_CHANGE_MS, span } from './when.js';

export type { Block, TriageMessage } from './blocks.js';

export interface TriageReplyOptions {
  /** The function's configuration.LastModified (any code or configuration update sets it). */
  lastModified?: string | null;
}

const MAX_SAMPLES = 5;
const SAMPLE_CHARS = 300;
const MAX_FINDINGS = 5;

/** The four kinds the on-call engineer asks about first, always shown, then unhandled if any. */
const LOG_WORDS: [LogErrorKind, string, string][] = [
  ['error', 'error', 'errors'],
  ['timeout', 'timeout', 'timeouts'],
  ['outOfMemory', 'out-of-memory kill', 'out-of-memory kills'],
  ['throttle', 'throttle', 'throttles'],
  ['unhandled', 'unhandled exception', 'unhandled exceptions'],
];

const code = (text: string, max = 200) => `\`${escapeCode(truncate(stripControl(text), max))}\``;

/** Resource-policy and function-URL findings: who can reach the function from outside. */
export function isExposureFinding(f: Finding): boolean {
  return f.categories.includes('exposure');
}

/** Findings worth a line in a triage reply: exposure first, then the rest, most severe first; no info. */
export function headlineFindings(findings: readonly Finding[]): Finding[] {
  const sorted = sortFindings(findings).filter((f) => f.severity !== 'info');
  return [...sorted.filter(isExposureFinding), ...sorted.filter((f) => !isExposureFinding(f))];
}

function alarmLine(alarm: AlarmRef, report: AuditReport, now: Date): string {
  const at = parseTime(alarm.time);
  const tail = [report.function.region || alarm.region, report.function.accountId || alarm.accountId]
    .filter((s): s is string => Boolean(s))
    .map((s) => escapeMrkdwn(s));
  if (at !== null) tail.push(clock(at, now));
  const fn = code(report.function.name || alarm.functionName, 140);
  const subject =
    alarm.source === 'arn-mention' && !alarm.state
      ? `:mag: ${fn}`
      : `${alarm.state === 'ALARM' ? ':rotating_light:' : alarm.state === 'OK' ? ':white_check_mark:' : ':grey_question:'} *${alarm.state ?? 'Alarm'}*${alarm.alarmName ? ` ${code(alarm.alarmName)}` : ''} on ${fn}`;
  return [subject, ...tail].join(' · ');
}

/** "changed 12 minutes before the alarm", measured from the alarm (or from now, without one). */
export function changeLine(lastModified: string | null | undefined, alarm: AlarmRef, now: Date): string {
  const changed = parseTime(lastModified);
  if (changed === null) return ':grey_question: _When the code or configuration last changed is unknown._';
  const alarmAt = parseTime(alarm.time);
  const ref = alarmAt ?? now.getTime();
  const diff = ref - changed;
  const stamp = clock(changed, now);
  const event = alarmAt === null ? null : 'the alarm';
  if (diff < 0) {
    return `:information_source: Code or configuration changed ${duration(diff)} *after* ${event ?? 'now'} (${stamp}).`;
  }
  const ago = event ? `${duration(diff)} before ${event}` : `${duration(diff)} ago`;
  return diff <= RECENT_CHANGE_MS
    ? `:warning: *Code or configuration changed ${ago}* (${stamp}).`
    : `No code or configuration change in the day before ${event ?? 'now'}: last changed ${ago} (${stamp}).`;
}

function countsText(logs: LogSearch): string {
  const more = logs.truncated ? '≥' : '';
  return LOG_WORDS.filter(([kind]) => kind !== 'unhandled' || logs.counts.unhandled > 0)
    .map(([kind, one, many]) => {
      const n = logs.counts[kind];
      const words = `${more}${n} ${n === 1 ? one : many}`;
      return n > 0 ? `*${words}*` : words;
    })
    .join(' · ');
}

/**
 * The sample lines in a code block. Each line is escaped, kept to one line, and its backticks
 * become a look-alike, so no log line can close the block (```) and speak mrkdwn.
 */
function samplesBlock(logs: LogSearch): string | null {
  const lines = logs.samples.slice(0, MAX_SAMPLES).map((s) => {
    const at = new Date(s.timestamp).toISOString().slice(11, 19);
    return `${at}  ${escapeCode(truncate(stripControl(s.message), SAMPLE_CHARS))}`;
  });
  return lines.length ? `\`\`\`${truncate(lines.join('\n'), L.sectionText - 6)}\`\`\`` : null;
}

function logsBlocks(logs: LogSearch | null, report: AuditReport, now: Date): Block[] {
  if (!logs) {
    const missing = report.logs.exists === false ? 'the log group does not exist' : '_could not be read_';
    return [section(`*Logs* ${code(report.logs.group, 300)} · ${missing}`)];
  }
  const head = `*Logs* ${code(logs.logGroupName, 300)} ${span(logs.startTime, logs.endTime, now)}\n${countsText(logs)}`;
  const samples = samplesBlock(logs);
  return samples ? [section(head), section(samples)] : [section(head)];
}

function auditBlocks(report: AuditReport, shown: readonly Finding[]): Block[] {
  const counts = countBySeverity(report.findings);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${SEVERITY_EMOJI[s]} ${counts[s]} ${s}`);
  const exposed = isInternetExposed(report.exposure) ? ' · :globe_with_meridians: *Internet-exposed*' : '';
  const gaps = report.unverified.length ? ` · :warning: ${report.unverified.length} not verified` : '';
  const head = `*Audit* ${parts.length ? parts.join(' · ') : ':white_check_mark: no findings'}${exposed}${gaps}`;
  if (!shown.length) return [section(head)];
  const lines = shown.map(
    (f) =>
      `• ${SEVERITY_EMOJI[f.severity]} *${f.severity.toUpperCase()}* ${code(f.check, 80)} ${escapeMrkdwn(truncate(f.title, 200))}`,
  );
  const rest = report.findings.length - shown.length;
  if (rest > 0) lines.push(`_…and ${rest} more in the full audit._`);
  return [section(`${head}\n${lines.join('\n')}`)];
}

function fallbackText(alarm: AlarmRef, report: AuditReport, logs: LogSearch | null): string {
  const what = alarm.alarmName ? `${alarm.state ?? 'alarm'} ${alarm.alarmName}` : 'mention';
  const errors = logs
    ? `${Object.values(logs.counts).reduce((a, b) => a + b, 0)} failures in the logs around it`
    : 'logs not read';
  const text = `lambda-audit triage: ${what} on ${report.function.name}: ${errors}; ${report.findings.length} findings`;
  return escapeMrkdwn(truncate(text, 1000));
}

/** The triage reply for one alarm, for the alarm message's thread. */
export function renderTriageReply(
  alarm: AlarmRef,
  report: AuditReport,
  logs: LogSearch | null,
  now: Date,
  options: TriageReplyOptions = {},
): TriageMessage {
  const ranked = headlineFindings(report.findings);
  const shown = ranked.slice(0, MAX_FINDINGS);
  const reason = alarm.reason ? [context(escapeMrkdwn(truncate(alarm.reason, 500)))] : [];
  const buttons = [
    button(TRIAGE_FULL_AUDIT_ACTION_ID, 'Full audit', report.function.arn || alarm.functionArn || ''),
  ].filter((b): b is Button => b !== null);
  const blocks: Block[] = [
    section(alarmLine(alarm, report, now)),
    ...reason,
    section(changeLine(options.lastModified, alarm, now)),
    ...logsBlocks(logs, report, now),
    ...auditBlocks(report, shown),
    ...(buttons.length ? [{ type: 'actions' as const, elements: buttons }] : []),
    context(`Audited ${clock(parseTime(report.generatedAt) ?? now.getTime(), now)} by lambda-audit`),
  ];
  return { text: fallbackText(alarm, report, logs), blocks };
}

/** One line for the thread when the function cannot be found or read. */
export function renderTriageFailure(alarm: AlarmRef, reason: string): TriageMessage {
  const where = alarm.region ? ` in ${escapeMrkdwn(alarm.region)}` : '';
  const name = alarm.alarmName ? `${code(alarm.alarmName)}: ` : '';
  const line = `:warning: ${name}could not triage ${code(alarm.functionName, 140)}${where}: ${escapeMrkdwn(truncate(reason, 500))}`;
  return { text: truncate(line, L.sectionText), blocks: [section(line)] };
}
