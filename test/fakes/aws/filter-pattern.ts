/**
 * CloudWatch Logs filter patterns for unstructured events, the subset lambda-audit needs:
 * `ERROR` (term), `ERROR Exception` (all terms), `"Task timed out"` (quoted phrase),
 * `?ERROR ?"Task timed out"` (any of), `ERROR -Retry` (exclusion). Matching is case-sensitive
 * substring matching, as Logs does for terms. JSON (`{ $.x = 1 }`) and space-delimited (`[a, b]`)
 * patterns are not supported: `compileFilterPattern` returns null for them.
 */

export type EventMatcher = (message: string) => boolean;

interface Term {
  mode: 'all' | 'any' | 'none';
  text: string;
}

export function compileFilterPattern(pattern: string | undefined | null): EventMatcher | null {
  const source = (pattern ?? '').trim();
  if (source === '' || source === '""') return () => true;
  if (source.startsWith('{') || source.startsWith('[')) return null;
  const terms = tokenize(source);
  if (terms === null) return null;
  const all = terms.filter((t) => t.mode === 'all').map((t) => t.text);
  const any = terms.filter((t) => t.mode === 'any').map((t) => t.text);
  const none = terms.filter((t) => t.mode === 'none').map((t) => t.text);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}

/** Splits a pattern into terms; null when a quote is left open. */
function tokenize(source: string): Term[] | null {
  const terms: Term[] = [];
  let i = 0;
  while (i < source.length) {
    while (source[i] === ' ') i++;
    if (i >= source.length) break;
    let mode: Term['mode'] = 'all';
    if (source[i] === '?') {
      mode = 'any';
      i++;
    } else if (source[i] === '-' && i + 1 < source.length && source[i + 1] !== ' ') {
      mode = 'none';
      i++;
    }
    let text = '';
    if (source[i] === '"') {
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i];
        i++;
      }
      if (source[i] !== '"') return null;
      i++;
    } else {
      while (i < source.length && source[i] !== ' ') text += source[i++];
    }
    if (text !== '') terms.push({ mode, text });
  }
  return terms;
}
