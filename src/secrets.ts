/**
 * Secret detection for environment variables (`env-secrets`) and redaction of free text (log
 * lines). Pure: no I/O. Nothing here ever returns a secret value; callers get variable names and
 * the name of the detector that matched.
 */

export interface SecretVariable {
  name: string;
  /** The detector that matched, e.g. `aws-access-key-id`; never the value. */
  reason: string;
}

export const REDACTED = '[REDACTED]';

/**
 * The most characters examined of one environment value or one log line. Lambda allows 4 KB of
 * environment in all; CloudWatch allows 256 KB a line, of which we show a few hundred.
 */
export const MAX_EXAMINED = 8_192;

/** A detector that recognises a secret by its shape alone. `pattern` must carry the `g` flag. */
interface ValueDetector {
  reason: string;
  pattern: RegExp;
}

// The high-confidence detectors of checks.md (`env-secrets`). Lookarounds instead of \b so an
// id glued to other alphanumerics (a longer random string) is not taken for a key.
//
// Every pattern here runs in time linear in its input: a match may start only at the start of a
// token (a lookbehind), or at a literal, and no unbounded repetition is followed by something
// that can fail after it has run to the end of a long token. Otherwise a 64 KB value of the
// wrong shape takes seconds (each start position rescans the rest: quadratic).
const AWS_ACCESS_KEY_ID =
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g;
// A 40-character secret access key only counts next to an access key id: alone it is
// indistinguishable from any base64 blob or SHA-1.
const AWS_SECRET_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

const VALUE_DETECTORS: readonly ValueDetector[] = [
  { reason: 'aws-access-key-id', pattern: AWS_ACCESS_KEY_ID },
  {
    reason: 'private-key',
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
  },
  {
    reason: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g,
  },
  { reason: 'slack-token', pattern: /xox[abposr]-[A-Za-z0-9-]{10,}/g },
  // Classic `gh[pousr]_` tokens, plus fine-grained personal access tokens (`github_pat_`).
  { reason: 'github-token', pattern: /(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { reason: 'stripe-live-key', pattern: /sk_live_[A-Za-z0-9]{10,}/g },
];

// scheme://user:password@host. The password group excludes placeholders (`${DB_PASSWORD}`,
// `{{resolve:...}}`) which are references, not secrets. Scheme, user and password are bounded.
const URL_PASSWORD = /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]{0,256}:)([^\s@/]{1,1024})(@)/gi;
// Key=value connection strings (ADO.NET, JDBC properties, ODBC): `...;Password=xyz;...`.
const CONN_PASSWORD = /((?:^|[;?&\s])(?:password|pwd)\s{0,16}=\s{0,16})([^;&\s]+)/gi;

const SECRET_NAME = /(pass(word)?|secret|token|api[_-]?key|private[_-]?key|credential)/i;
// In free text: `password=...`, `"apiKey": "..."`, `token: ...`, `Authorization: Bearer ...`.
// The key starts a token and is at most 64 characters either side of its secret-like word.
const SECRET_ASSIGNMENT =
  /((?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,64}?(?:pass(?:word)?|secret|token|api[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]{0,64}["']?\s{0,16}[:=]\s{0,16}["']?)([^\s"',;&}]+)/gi;
const BEARER = /(\b(?:Bearer|Basic)\s+)([A-Za-z0-9._~+/=-]{8,})/g;

function isPlaceholder(value: string): boolean {
  return /^(\$\{[^}]*\}|\{\{[^}]*\}\}|\*+|<[^>]*>)$/.test(value) || value === REDACTED;
}

function isReference(value: string): boolean {
  return (
    /^arn:aws[a-z-]*:(secretsmanager|ssm):/i.test(value) ||
    value.startsWith('{{resolve:') ||
    value.includes('/aws/reference/')
  );
}

function isNumber(value: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value);
}

function isBoolean(value: string): boolean {
  return /^(true|false)$/i.test(value);
}

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

function hasEmbeddedPassword(value: string): boolean {
  for (const pattern of [URL_PASSWORD, CONN_PASSWORD]) {
    for (const match of value.matchAll(pattern)) {
      if (match[2] && !isPlaceholder(match[2])) return true;
    }
  }
  return false;
}

/** The detector a value trips by its shape, or null. `nearAccessKey` enables the 40-char key. */
function valueReason(value: string, nearAccessKey: boolean): string | null {
  for (const detector of VALUE_DETECTORS) {
    if (matches(detector.pattern, value)) return detector.reason;
  }
  if (nearAccessKey && matches(AWS_SECRET_KEY, value)) return 'aws-secret-access-key';
  if (hasEmbeddedPassword(value)) return 'embedded-password';
  return null;
}

function nameReason(name: string, value: string): string | null {
  const trimmed = value.trim();
  if (!SECRET_NAME.test(name) || trimmed.length < 8) return null;
  if (isNumber(trimmed) || isBoolean(trimmed) || isReference(trimmed) || isPlaceholder(trimmed)) return null;
  return 'secret-like-name';
}

/**
 * The environment variables that look like secrets, by name, with the detector that matched
 * (value detectors first, then the key-name rule of checks.md). Never returns a value.
 */
export function findSecretVariables(vars: Readonly<Record<string, string>>): SecretVariable[] {
  const values = Object.values(vars).map((value) => examined(value));
  // "Next to an access key": an access key id anywhere in the same environment.
  const hasAccessKey = values.some((value) => matches(AWS_ACCESS_KEY_ID, value));
  const found: SecretVariable[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value !== 'string') continue;
    const reason = valueReason(examined(value), hasAccessKey) ?? nameReason(name, examined(value));
    if (reason) found.push({ name, reason });
  }
  return found;
}

/**
 * Replaces anything secret-looking in free text with `[REDACTED]`: the value detectors, passwords
 * embedded in URLs and connection strings, bearer tokens, and the value of any `key=value` or
 * `"key": "value"` whose key looks secret. Idempotent.
 */
export function redact(text: string): string {
  const hadAccessKey = matches(AWS_ACCESS_KEY_ID, text);
  let out = text;
  for (const detector of VALUE_DETECTORS) out = out.replace(detector.pattern, REDACTED);
  if (hadAccessKey) out = out.replace(AWS_SECRET_KEY, REDACTED);
  const keepPlaceholder = (whole: string, head: string, secret: string, tail = ''): string =>
    isPlaceholder(secret) ? whole : `${head}${REDACTED}${tail}`;
  out = out.replace(URL_PASSWORD, (whole, head: string, secret: string, at: string) =>
    keepPlaceholder(whole, head, secret, at),
  );
  out = out.replace(CONN_PASSWORD, (whole, head: string, secret: string) =>
    keepPlaceholder(whole, head, secret),
  );
  out = out.replace(BEARER, (whole, head: string, secret: string) => keepPlaceholder(whole, head, secret));
  out = out.replace(SECRET_ASSIGNMENT, (whole, head: string, secret: string) =>
    isNumber(secret) || isBoolean(secret) ? whole : keepPlaceholder(whole, head, secret),
  );
  return out;
}

/** The part of a value the detectors look at: its first MAX_EXAMINED characters. */
function examined(value: string): string {
  return value.length > MAX_EXAMINED ? value.slice(0, MAX_EXAMINED) : value;
}

/**
 * One log line, cut to MAX_EXAMINED characters and redacted. What the cut splits (the last,
 * partial token) is dropped before redaction: a secret cut in half no longer looks like one.
 */
export function redactLogLine(line: string): string {
  if (line.length <= MAX_EXAMINED) return redact(line);
  const cut = line.slice(0, MAX_EXAMINED);
  const lastBreak = cut.search(/\s\S*$/);
  return `${redact(lastBreak > 0 ? cut.slice(0, lastBreak) : '')} …`;
}
