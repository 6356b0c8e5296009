/**
 * Terminal layout shared by the text renderers (one function, a scan, the role view): every
 * foreign string made safe to print, colours applied last, widths, word wrapping.
 */
import { SEVERITIES, type Severity } from '../model.js';

export interface TextOptions {
  /** ANSI colours. The CLI passes `process.stdout.isTTY && !NO_COLOR`; false prints no escape at all. */
  color: boolean;
  /** Columns to wrap long text at (the terminal's width when known). */
  width?: number;
}

const DEFAULT_WIDTH = 100;
/** Narrower than this and wrapping does more harm than good. */
const MIN_WIDTH = 40;

/** The columns to lay text out in. */
export function lineWidth(options: TextOptions): number {
  return Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
}
// ---------------------------------------------------------------------------------------------
// Sanitising: every string that came from AWS (names, ARNs, log lines, reasons, evidence) can
// hold bytes a terminal obeys. A log line with ESC[2J clears the screen; ESC]0;...BEL retitles
// the window; CR overwrites what was printed before it; a bidi override reorders what the reader
// sees. All of it is removed before printing; other unicode is kept.
// ---------------------------------------------------------------------------------------------

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC strings, two-byte escapes,
// and the one-byte C1 CSI.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~])|\u009b[0-?]*[ -/]*[@-~]/g;
const LINE_BREAKING = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A string made safe for a terminal: escape sequences and control characters removed, line
 * breaks and tabs turned into single spaces (each field prints on its own line), unicode kept.
 */
export function stripControl(value: string): string {
  return value.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKING, ' ').replace(CONTROL, '');
}

// ---------------------------------------------------------------------------------------------
// Styling
// ---------------------------------------------------------------------------------------------

export type Style = Severity | 'bold' | 'dim' | 'warn' | 'fail';

const SGR: Record<Style, string> = {
  critical: '1;97;41',
  high: '1;31',
  medium: '33',
  low: '36',
  info: '2',
  bold: '1',
  dim: '2',
  warn: '1;33',
  fail: '1;31',
};

/** Styling is applied last, to text already padded and wrapped, so escapes never count as width. */
export class Painter {
  constructor(private readonly color: boolean) {}
  paint(text: string, style: Style): string {
    return this.color && text !== '' ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;
  }
}

export const SEVERITY_LABEL_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));

export function severityLabel(severity: Severity, p: Painter): string {
  return p.paint(severity.toUpperCase().padEnd(SEVERITY_LABEL_WIDTH), severity);
}

// ---------------------------------------------------------------------------------------------
// Layout helpers (widths in code points: good enough for names and English prose)
// ---------------------------------------------------------------------------------------------

export function length(text: string): number {
  return [...text].length;
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'left' ? text + fill : fill + text;
}

/** Word-wraps one paragraph; a word longer than a line is cut rather than overflowing. */
export function wrap(text: string, width: number, indent: number): string[] {
  const room = Math.max(10, width - indent);
  const prefix = ' '.repeat(indent);
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter((w) => w !== '')) {
    while (length(word) > room) {
      if (line !== '') lines.push(line);
      const chars = [...word];
      lines.push(chars.slice(0, room).join(''));
      word = chars.slice(room).join('');
      line = '';
    }
    if (line === '') line = word;
    else if (length(line) + 1 + length(word) <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((l) => prefix + l);
}

export function countsLine(counts: Record<Severity, number>, p: Painter): string {
  return SEVERITIES.map((s) => {
    const part = `${counts[s]} ${s}`;
    return counts[s] > 0 ? p.paint(part, s) : part;
  }).join(', ');
}
