/**
 * GitHub-flavoured Markdown for the ticket body (GitHub Issues, and the webhook's `markdown`).
 * Text from AWS (evidence, log samples, names) is escaped so it cannot add links, HTML or
 * @-mentions that notify people; code goes in spans and fences long enough to hold any backticks.
 */
import type { Block, Inline } from './doc.js';

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that format.
const SPECIAL = /[\\`*_{}[\]()<>#|~!]/g;

/** Escapes Markdown; a zero-width space after `@` keeps GitHub from mentioning users or teams. */
export function escapeMarkdown(value: string): string {
  return value.replace(SPECIAL, (c) => `\\${c}`).replace(/@/g, '@\u200b');
}

function longestRun(value: string, char: string): number {
  let longest = 0;
  for (const run of value.match(new RegExp(`${char === '`' ? '`' : '~'}+`, 'g')) ?? []) {
    longest = Math.max(longest, run.length);
  }
  return longest;
}

function codeSpan(value: string): string {
  const ticks = '`'.repeat(longestRun(value, '`') + 1);
  // A span that starts or ends with a backtick needs padding, which CommonMark strips again.
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${value.replace(/\n/g, ' ')}${pad}${ticks}`;
}

function inline(part: Inline): string {
  if (part.code) return codeSpan(part.text);
  const shown = escapeMarkdown(part.text);
  if (part.href) return `[${shown}](<${part.href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
  return part.strong ? `**${shown}**` : shown;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`;
    case 'paragraph':
      return b.inlines.map(inline).join('');
    case 'list':
      return b.items.map((item) => `- ${item.map(inline).join('')}`).join('\n');
    case 'code': {
      const fence = '`'.repeat(Math.max(3, longestRun(b.text, '`') + 1));
      return `${fence}${b.language}\n${b.text}\n${fence}`;
    }
  }
}

export function toMarkdown(blocks: readonly Block[]): string {
  return `${blocks.map(block).join('\n\n')}\n`;
}
