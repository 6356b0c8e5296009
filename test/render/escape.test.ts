import { describe, expect, it } from 'vitest';
import { escapeCode, escapeMrkdwn, plainText, stripControl, truncate } from '../../src/render/escape.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here>', '&lt;!here&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<http://evil|click>', '&lt;http://evil|click&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['fn&<>', 'fn&amp;&lt;&gt;'],
  ])('escapes %j so Slack shows it literally', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('keeps a bare @channel from ever becoming a broadcast', () => {
    expect(escapeMrkdwn('hi @channel and @here')).not.toMatch(/@(channel|here)\b/);
    expect(escapeMrkdwn('hi @channel')).toContain('channel');
  });

  it('strips control and bidi characters and turns line breaks into spaces', () => {
    expect(escapeMrkdwn('a\u0000b\u0007c\u001b[2Jd\u202Ee\nf\tg')).toBe('abc[2Jde f g');
  });

  it('keeps newlines when asked, for multi-line text', () => {
    expect(escapeMrkdwn('a\r\nb<', { keepNewlines: true })).toBe('a\nb&lt;');
  });

  it('keeps unicode, and replaces half a surrogate pair', () => {
    expect(escapeMrkdwn('日本語 🧨 é')).toBe('日本語 🧨 é');
    expect(escapeMrkdwn('x\uD83Dy')).toBe('x\uFFFDy');
  });
});

describe('escapeCode', () => {
  it('cannot close the code span early', () => {
    expect(escapeCode('a`<b>`')).toBe('aˋ&lt;b&gt;ˋ');
  });
});

describe('plainText', () => {
  it('needs no entities but loses control characters', () => {
    expect(plainText('<!channel>\u0000 & x')).toBe('<!channel> & x');
    expect(stripControl('a\u0085b')).toBe('ab');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('never cuts an entity in half', () => {
    const cut = truncate(escapeMrkdwn('aaaa<bbbb'), 7);
    expect(cut).toBe('aaaa…');
    expect(cut.length).toBeLessThanOrEqual(7);
  });

  it('never cuts a surrogate pair in half', () => {
    expect(truncate('ab🧨cd', 4)).toBe('ab…');
  });
});
