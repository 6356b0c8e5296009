/**
 * Atlassian Document Format (Jira Cloud REST v3 descriptions and comments): a `doc` of block
 * nodes (heading, paragraph, bulletList > listItem > paragraph, codeBlock) holding text nodes
 * with marks. ADF rejects empty text nodes and marks inside code blocks, and allows `code` only
 * together with `link`, so the renderer drops or combines accordingly. Text is literal in ADF:
 * nothing needs escaping.
 */
import type { Block, Inline } from './doc.js';

export type AdfMark = { type: 'strong' } | { type: 'code' } | { type: 'link'; attrs: { href: string } };

export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfMark[];
}

export interface AdfNode {
  type: 'heading' | 'paragraph' | 'bulletList' | 'listItem' | 'codeBlock';
  attrs?: Record<string, string | number>;
  content?: (AdfNode | AdfText)[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

function textNode(part: Inline): AdfText | null {
  if (part.text === '') return null;
  const marks: AdfMark[] = [];
  if (part.code) marks.push({ type: 'code' });
  else if (part.strong) marks.push({ type: 'strong' });
  if (part.href) marks.push({ type: 'link', attrs: { href: part.href } });
  return marks.length > 0 ? { type: 'text', text: part.text, marks } : { type: 'text', text: part.text };
}

function inlines(parts: readonly Inline[]): AdfText[] {
  return parts.map(textNode).filter((node): node is AdfText => node !== null);
}

function node(b: Block): AdfNode {
  switch (b.kind) {
    case 'heading':
      return { type: 'heading', attrs: { level: b.level }, content: inlines([{ text: b.text }]) };
    case 'paragraph':
      return { type: 'paragraph', content: inlines(b.inlines) };
    case 'list':
      return {
        type: 'bulletList',
        content: b.items.map((item) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: inlines(item) }],
        })),
      };
    case 'code':
      return {
        type: 'codeBlock',
        attrs: { language: b.language },
        content: b.text === '' ? [] : [{ type: 'text', text: b.text }],
      };
  }
}

export function toAdf(blocks: readonly Block[]): AdfDoc {
  return { type: 'doc', version: 1, content: blocks.map(node) };
}

/** A one-paragraph document per line of text (for comments). */
export function adfFromText(value: string): AdfDoc {
  const lines = value.split('\n').filter((line) => line.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}
