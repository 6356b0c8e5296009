/**
 * A tiny document model between the ticket's data and the trackers' formats: content.ts writes
 * the ticket once in these blocks, markdown.ts and adf.ts render them. Every string in a block is
 * already redacted; the renderers only format.
 */

export interface Inline {
  text: string;
  code?: boolean;
  strong?: boolean;
  href?: string;
}

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'code'; language: 'json' | 'text'; text: string };

export const text = (value: string): Inline => ({ text: value });
export const code = (value: string): Inline => ({ text: value, code: true });
export const strong = (value: string): Inline => ({ text: value, strong: true });
export const link = (value: string, href: string): Inline => ({ text: value, href });

export const heading = (level: 2 | 3, value: string): Block => ({ kind: 'heading', level, text: value });
export const paragraph = (...inlines: Inline[]): Block => ({ kind: 'paragraph', inlines });
export const list = (items: Inline[][]): Block => ({ kind: 'list', items });
export const codeBlock = (language: 'json' | 'text', value: string): Block => ({
  kind: 'code',
  language,
  text: value,
});
