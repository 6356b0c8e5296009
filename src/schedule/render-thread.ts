/**
 * The digest's thread: the full lists, in replies a person reads in one screen each. New
 * findings grouped per function and check (each naming its variable, route, role or log group),
 * then what was fixed, then every read that failed, once per read. Each reply stays within
 * Slack's limits; the number of replies is bounded, the last saying where the rest is.
 */
import { type Severity, severityRank } from '../model.js';
import { section } from '../render/block-kit.js';
import { packLines } from '../render/blocks.js';
import { SLACK_LIMITS as L, type SlackMessage } from '../render/limits.js';
import { type Digest, type DigestFinding, gapsByRead } from './digest.js';
import {
  findingLines,
  functionGroupLines,
  gapGroupLine,
  groupByFunction,
  HEADLINE,
  openPathLines,
  PREVIEW,
  plural,
} from './render-lines.js';

/** Lines in one reply: about a screen. */
export const REPLY_LINES = 30;
/** Replies at most; past that the last one says how to see the rest. */
export const MAX_REPLIES = 10;
/** Sections in one reply, under Slack's 50 blocks with room for the title. */
const SECTIONS_PER_REPLY = L.blocksPerMessage - 2;

/** Cuts a list of lines into pieces of at most `size`. */
function pieces(lines: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size));
  return out;
}

/**
 * Packs groups of lines (a function's findings, say) into replies of about REPLY_LINES lines,
 * a group never split unless it alone is longer; each reply opens with the list's title and
 * its part number.
 */
function replies(title: string, groups: readonly string[][]): SlackMessage[] {
  const parts: string[][][] = [];
  let current: string[][] = [];
  let lines = 0;
  for (const group of groups.flatMap((g) => pieces(g, REPLY_LINES))) {
    if (
      current.length > 0 &&
      (lines + group.length > REPLY_LINES || current.length >= SECTIONS_PER_REPLY / 2)
    ) {
      parts.push(current);
      current = [];
      lines = 0;
    }
    current.push(group);
    lines += group.length;
  }
  if (current.length) parts.push(current);
  return parts.map((groupsOfPart, i) => {
    const part = parts.length > 1 ? ` · part ${i + 1} of ${parts.length}` : '';
    const sections = groupsOfPart.flatMap((g) => packLines(g)).slice(0, SECTIONS_PER_REPLY);
    return {
      text: `Lambda audit digest: ${title}${part}`,
      blocks: [section(`*${title}*${part}`), ...sections.map(section)],
    };
  });
}

/** The lists as thread replies, each within the block limit; the count of replies is bounded too. */
export function threadMessages(digest: Digest, minSeverity: Severity): SlackMessage[] {
  const shown = (f: DigestFinding) => severityRank(f.severity) >= severityRank(minSeverity);
  const left = [...digest.newFindings, ...digest.fixedFindings].filter((f) => !shown(f)).length;
  const leftOut = left
    ? [[`_${plural(left, 'finding')} below ${minSeverity} left out of this thread (DIGEST_MIN_SEVERITY)._`]]
    : [];
  const newShown = digest.newFindings.filter(shown);
  const fixedShown = digest.fixedFindings.filter(shown);
  const inChannel = (list: readonly DigestFinding[]) => findingLines(list).length <= PREVIEW;

  const fixed = inChannel(fixedShown)
    ? []
    : replies(`Fixed (${fixedShown.length})`, [findingLines(fixedShown)]);
  const reads = gapsByRead([...digest.failed, ...digest.unverified]);
  const gaps = reads.length
    ? replies(`Could not be checked (${plural(reads.length, 'failed read')})`, [
        reads.map((read) => gapGroupLine(read)),
      ])
    : [];
  // Everything new already fits in the channel message: no thread for it.
  const fitsInChannel =
    inChannel(newShown.filter((f) => !f.openPath)) &&
    openPathLines(newShown.filter((f) => f.openPath)).length <= HEADLINE;
  const fresh = fitsInChannel
    ? []
    : replies(`New, by function (${newShown.length})`, [
        ...groupByFunction(newShown).map(functionGroupLines),
        ...leftOut,
      ]);
  const bounded = (list: SlackMessage[], max: number, what: string): SlackMessage[] => {
    if (list.length <= max) return list;
    const note = `…and ${plural(list.length - max + 1, 'more part')} of ${what}. Run \`lambda-audit digest --dry-run\` or \`lambda-audit scan --format json\` for everything.`;
    return [...list.slice(0, max - 1), { text: 'Lambda audit digest: more', blocks: [section(note)] }];
  };
  // New findings give way first: what was fixed and what could not be read always get replies.
  const shownGaps = bounded(gaps, 3, 'what could not be checked');
  const shownFixed = bounded(fixed, 2, 'fixed findings');
  const room = MAX_REPLIES - shownGaps.length - shownFixed.length;
  return [...bounded(fresh, room, 'new findings'), ...shownFixed, ...shownGaps];
}
