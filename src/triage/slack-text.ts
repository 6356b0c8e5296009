import type { SlackBlockLike, SlackMessageLike, SlackRichTextLike } from './types.js';

/** Every piece of text in a Slack message, decoded, with what the parsers need pulled out. */
export interface FlatMessage {
  /** Each text object whole (multi-line), Slack markup decoded: where JSON may hide. */
  texts: string[];
  /** The same texts cut into trimmed, non-empty lines. */
  lines: string[];
  /** Label/value pairs: attachment fields, `*Label*\nvalue` section fields, `Label: value` lines. */
  fields: { label: string; value: string }[];
  /** Link targets, which Slack hides behind their labels (`<url|label>`). */
  urls: string[];
  /** The first attachment's `ts`, epoch seconds. */
  attachmentTs: number | null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Undoes Slack's message formatting: `<url|label>` shows its label, `<@U1>` and `<!here>` become
 * plain words, and the three entities Slack escapes (`&lt; &gt; &amp;`) come back. Markup is read
 * before entities, because in Slack's text a literal `<` always arrives as `&lt;`.
 */
export function decodeSlackText(text: string, urls: string[] = []): string {
  const unlinked = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (/^(https?|mailto):/i.test(target)) {
      urls.push(target);
      return label ?? target;
    }
    if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    return label ?? target;
  });
  return unlinked.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Strips mrkdwn emphasis around a label: `*State:*` -> `State`. */
function cleanLabel(label: string): string {
  return label
    .replace(/[*_`~]/g, '')
    .replace(/:\s*$/, '')
    .trim();
}

function richText(element: SlackRichTextLike, urls: string[]): string {
  const own = str(element.text) ?? '';
  if (element.type === 'link' && typeof element.url === 'string') urls.push(element.url);
  const children = list(element.elements)
    .map((child) => record(child) as SlackRichTextLike | null)
    .filter((child): child is SlackRichTextLike => child !== null)
    .map((child) => richText(child, urls));
  // Sections, list items and preformatted blocks are lines of their own; leaves run together.
  const joiner = /^rich_text_(list|quote)$/.test(element.type ?? '') ? '\n' : '';
  return own + children.join(joiner);
}

function blockTexts(blocks: unknown, out: FlatMessage): void {
  for (const raw of list(blocks)) {
    const block = record(raw) as SlackBlockLike | null;
    if (!block) continue;
    const text = str(record(block.text)?.text);
    if (text) out.texts.push(decodeSlackText(text, out.urls));
    for (const field of list(block.fields)) {
      const fieldText = str(record(field)?.text);
      if (!fieldText) continue;
      const decoded = decodeSlackText(fieldText, out.urls);
      // Chatbot-style section fields put the label on the first line and the value below.
      const [label, ...rest] = decoded.split('\n');
      if (label && rest.length) out.fields.push({ label: cleanLabel(label), value: rest.join('\n').trim() });
      out.texts.push(decoded);
    }
    for (const el of list(block.elements)) {
      const element = record(el) as SlackRichTextLike | null;
      if (!element) continue;
      // context blocks hold text objects; rich_text blocks hold sections and their leaves.
      const piece = block.type === 'rich_text' ? richText(element, out.urls) : str(element.text);
      if (piece) out.texts.push(block.type === 'rich_text' ? piece : decodeSlackText(piece, out.urls));
    }
  }
}

const LABELLED_LINE = /^[\s*_•-]*([A-Za-z][A-Za-z _/-]{1,40}?)[\s*_]*:[\s*_]*(\S.*)$/;

/** Collects the text of a message: its `text`, its blocks, and every attachment's parts. */
export function flattenMessage(message: SlackMessageLike): FlatMessage {
  const out: FlatMessage = { texts: [], lines: [], fields: [], urls: [], attachmentTs: null };
  const top = str(message.text);
  if (top) out.texts.push(decodeSlackText(top, out.urls));
  blockTexts(message.blocks, out);
  for (const raw of list(message.attachments)) {
    const att = record(raw);
    if (!att) continue;
    for (const key of ['pretext', 'title', 'text', 'footer', 'fallback'] as const) {
      const value = str(att[key]);
      if (value) out.texts.push(decodeSlackText(value, out.urls));
    }
    const link = str(att.title_link);
    if (link) out.urls.push(link);
    for (const f of list(att.fields)) {
      const field = record(f);
      const label = str(field?.title);
      const value = str(field?.value);
      if (label && value)
        out.fields.push({ label: cleanLabel(label), value: decodeSlackText(value, out.urls) });
      if (value) out.texts.push(decodeSlackText(value, out.urls));
    }
    blockTexts(att.blocks, out);
    const ts = Number(att.ts);
    if (out.attachmentTs === null && Number.isFinite(ts) && ts > 0) out.attachmentTs = ts;
  }
  out.lines = out.texts.flatMap((t) => t.split('\n').map((l) => l.trim())).filter(Boolean);
  for (const line of out.lines) {
    const m = LABELLED_LINE.exec(line);
    if (m?.[1] && m[2] && !/^https?$/i.test(m[1]))
      out.fields.push({ label: cleanLabel(m[1]), value: m[2].trim() });
  }
  return out;
}

/** The value of the first field whose label matches (case-, space- and underscore-insensitive). */
export function fieldValue(flat: FlatMessage, ...labels: string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  const wanted = labels.map(norm);
  return flat.fields.find((f) => wanted.includes(norm(f.label)))?.value ?? null;
}
