/**
 * Redaction for ticket text. Tickets outlive the function and are read by more people than the
 * audit, so every string goes through `redact` from secrets.ts. That redactor treats `key: value`
 * after a secret-looking key as a secret, which would turn `secretsmanager:GetSecretValue` or
 * `arn:aws:secretsmanager:...:secret:db` into `[REDACTED]` and make the proposed policy wrong.
 * So ARNs and Secrets Manager action names are set aside first, redacted segment by segment (a
 * secret hidden inside one is still caught), and put back.
 */
import { REDACTED, redact } from '../secrets.js';

// An ARN, wildcards allowed (policies use them), up to a character that cannot be in one here.
const ARN = /arn:aws[a-z-]*:[a-z0-9*?-]+:[a-z0-9*?-]*:[a-z0-9*?]*:[^\s"'`,;()[\]{}<>]+/;
// `secretsmanager:` is the only IAM prefix the redactor's secret-name rule trips on.
const ACTION = /(?<![A-Za-z0-9_.:/-])secretsmanager:[A-Za-z*?][A-Za-z0-9*?/_.-]*/;
const PROTECTED = new RegExp(`${ARN.source}|${ACTION.source}`, 'g');
// Private-use characters: nothing the redactor matches, nothing in real text.
const HOLE = /\uE000(\d+)\uE001/g;

function redactSegments(token: string): string {
  return token
    .split(':')
    .map((segment) => redact(segment))
    .join(':');
}

/** `redact`, without breaking ARNs and IAM action names. */
export function scrub(text: string): string {
  const kept: string[] = [];
  const holed = text.replace(PROTECTED, (token) => {
    kept.push(token);
    return `\uE000${kept.length - 1}\uE001`;
  });
  // A hole the redactor swallowed (an ARN after `token=`) stays redacted: that is the safe side.
  return redact(holed).replace(HOLE, (_, index: string) => redactSegments(kept[Number(index)] ?? REDACTED));
}

const WITHHELD = '[value withheld]';
// Keys whose values are environment values. Checks name variables only; this guards against a
// future check (or a bug) that puts the values themselves in evidence.
const VALUE_KEYS = /^(environment|variables|env|envvars|value|values)$/i;

function withhold(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(() => WITHHELD);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).map((key) => [scrub(key), WITHHELD]));
  }
  return WITHHELD;
}

// The redactor only treats a 40-character string as a secret access key when an access key id is
// in the same text. Evidence is scrubbed string by string, so that pairing is restored here: when
// any string of the evidence holds a key id, every 40-character run is treated as its secret.
const ACCESS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/;
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function walk(value: unknown, clean: (text: string) => string, nearKey: boolean, depth: number): unknown {
  if (depth > 8) return '[nested too deep]';
  if (typeof value === 'string') {
    const scrubbed = clean(value);
    return nearKey ? scrubbed.replace(SECRET_ACCESS_KEY, REDACTED) : scrubbed;
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, clean, nearKey, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        clean(key),
        VALUE_KEYS.test(key) ? withhold(item) : walk(item, clean, nearKey, depth + 1),
      ]),
    );
  }
  return value;
}

/**
 * Evidence with environment values withheld and every string scrubbed, keys included. `clean`
 * lets a caller pass a memoised `scrub`: the redactor is slow on long strings.
 */
export function safeEvidence(value: unknown, clean: (text: string) => string = scrub): unknown {
  const nearKey = ACCESS_KEY_ID.test(JSON.stringify(value) ?? '');
  return walk(value, clean, nearKey, 0);
}

/** `scrub` with a cache, for one ticket's worth of text (not kept: the keys hold the secrets). */
export function memoScrub(): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let clean = cache.get(text);
    if (clean === undefined) {
      clean = scrub(text);
      cache.set(text, clean);
    }
    return clean;
  };
}
