/**
 * `triggers <fn>` in Slack: the exposure in one line, then a compact table of every way in
 * (widest first, one line each with its flags: public, foreign account, no auth, no validation),
 * then the exposure findings. From the invocation paths; a report without them falls back to
 * the policy and URL triggers, their conditions in words.
 */
import type { types } from '@slack/bolt';
import { isOpenPath } from '../exposure.js';
import type { AuditReport } from '../model.js';
import { context, header, section } from './block-kit.js';
import {
  type BlockOptions,
  findingLine,
  gapsIn,
  identityContext,
  overflow,
  packLines,
  plural,
  roleText,
  triggerLine,
  unverifiedText,
} from './block-parts.js';
import { escapeMrkdwn } from './escape.js';
import { sortFindings } from './json.js';
import type { SlackMessage } from './limits.js';
import { EXPOSURE_WORDS, pathLine, widestFirst } from './path-lines.js';

const FINDINGS_SHOWN = 8;

/** Every way in, one line each, widest first; the same line twice (two statements granting one account) once. */
export function invocationLines(report: AuditReport): string[] {
  const lines = report.paths.length
    ? widestFirst(report.paths).map(pathLine)
    : report.triggers.map(triggerLine);
  return [...new Set(lines)];
}

function exposureLine(report: AuditReport): string {
  const open = report.paths.filter(isOpenPath).length;
  const paths = report.paths.length
    ? ` · ${plural(report.paths.length, 'path')}${open ? `, *${open} open to the internet*` : ''}`
    : '';
  return `*Exposure*: ${EXPOSURE_WORDS[report.exposure]}${paths}`;
}

function exposureFindings(report: AuditReport): types.KnownBlock[] {
  const findings = sortFindings(
    report.findings.filter(
      (f) => f.categories.includes('exposure') || f.categories.includes('internet-exposed'),
    ),
  );
  if (findings.length === 0) return [];
  const lines = findings.slice(0, FINDINGS_SHOWN).map(findingLine);
  if (findings.length > FINDINGS_SHOWN)
    lines.push(`_…and ${findings.length - FINDINGS_SHOWN} more: \`/lambda-audit audit\` has their menus._`);
  return [section(`*Exposure findings*\n${lines.join('\n')}`)];
}

export function renderTriggersBlocks(report: AuditReport, options: BlockOptions = {}): SlackMessage {
  const limit = options.firstPage ?? 30;
  const all = invocationLines(report);
  const lines = all.length
    ? all.slice(0, limit)
    : ['_No resource policy, URL or event source: only IAM principals of this account can invoke it._'];
  const gaps = gapsIn(report, ['triggers', 'url', 'policy']);
  const blocks: types.KnownBlock[] = [
    header(`Who can invoke ${report.function.name}`),
    section(exposureLine(report)),
    ...packLines(lines).slice(0, 10).map(section),
    ...overflow(
      Math.min(limit, all.length),
      all.length,
      'ways in',
      options,
      `lambda-audit triggers ${report.function.arn}`,
    ),
    ...exposureFindings(report),
    section(roleText(report)),
    ...(gaps.length ? [section(unverifiedText(gaps))] : []),
    identityContext(report),
    context('*Flags*: public = anyone · foreign account = another AWS account · no auth = no sign-in needed'),
  ];
  return { text: escapeMrkdwn(`Who can invoke ${report.function.name}: ${all.length} ways in`), blocks };
}
