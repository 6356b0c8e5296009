/**
 * Making AWS- and user-sourced strings safe to show in Slack.
 *
 * Slack's mrkdwn gives `<`, `>` and `&` control meaning: `<!channel>`, `<!here>`, `<@U123>` ping
 * people and `<http://evil|click>` forges a link. Slack's own rule is to escape exactly those three
 * as HTML entities; everything else is shown as written. Function names, tags, policy text and log
 * lines all come from someone we do not control, so every one of them passes through here.
 */

/**
 * C0/C1 control characters, DEL, and the Unicode bidi overrides/isolates. The bidi characters are
 * not "control characters" to Unicode but they reorder what a reader sees (a "Trojan source"
 * function name), so they go too.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const WHITESPACE_CONTROL = /[\t\n\r]/g;
/** Half a surrogate pair cannot be encoded; Slack rejects or mangles it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Bare `@channel` only pings when a message is sent with `link_names`/`parse: full`, which we never
 * set; a word joiner after the `@` keeps it inert even if a future caller does.
 */
const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Removes control and bidi characters; keeps newlines only when asked (multi-line log text). */
export function stripControl(text: string, options: { keepNewlines?: boolean } = {}): string {
  const normalised = text.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n');
  const spaced = options.keepNewlines
    ? normalised.replace(/\t/g, ' ')
    : normalised.replace(WHITESPACE_CONTROL, ' ');
  return spaced.replace(CONTROL, '');
}

/**
 * Escapes a foreign string for a mrkdwn text object: strips control characters, then `&`, `<`,
 * `>` become entities (in that order, so `&lt;` in the input shows literally as `&lt;`).
 */
export function escapeMrkdwn(text: string, options: { keepNewlines?: boolean } = {}): string {
  return stripControl(text, options)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, '@\u2060$1');
}

/**
 * Escapes a foreign string for inline code (`` `x` ``): as escapeMrkdwn, and a backtick inside
 * would end the code span early, so it becomes a look-alike.
 */
export function escapeCode(text: string): string {
  return escapeMrkdwn(text).replace(/`/g, 'ˋ');
}

/** plain_text fields are never parsed for mentions or links; they only need clean characters. */
export function plainText(text: string): string {
  return stripControl(text);
}

/**
 * Shortens text to at most `max` UTF-16 units (Slack counts characters the way JavaScript does),
 * ending with `…`. Never cuts an entity (`&amp;`) or a surrogate pair in half, so a truncated
 * escaped string is still escaped.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const partialEntity = /&[a-z]{0,4}$/.exec(cut);
  if (partialEntity) cut = cut.slice(0, partialEntity.index);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * The first sentence of an AWS failure's reason ("AccessDenied: missing permission x."): what a
 * channel reads. The rest is AWS's own text, which names the bot's role and session.
 */
export function firstSentence(reason: string): string {
  const end = reason.indexOf('. ');
  return end > 0 ? reason.slice(0, end + 1) : reason;
}
