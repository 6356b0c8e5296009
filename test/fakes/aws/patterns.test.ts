import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from './filter-pattern.js';
import { compileQuery, QuerySyntaxError, runQuery } from './insights.js';

describe('compileFilterPattern', () => {
  it.each([
    ['', 'anything', true],
    ['ERROR', '[ERROR] boom', true],
    ['ERROR', '[error] boom', false],
    ['ERROR boom', 'boom ERROR', true],
    ['ERROR boom', 'ERROR only', false],
    ['"Task timed out"', '2024 Task timed out after 3s', true],
    ['"Task timed out"', 'Task was timed out', false],
    ['?ERROR ?WARN', 'WARN low disk', true],
    ['?ERROR ?WARN', 'INFO fine', false],
    ['ERROR -Retrying', 'ERROR Retrying now', false],
    ['ERROR -Retrying', 'ERROR final', true],
    ['"say \\"hi\\""', 'they say "hi" twice', true],
  ])('%j on %j -> %s', (pattern, message, expected) => {
    expect(compileFilterPattern(pattern)?.(message)).toBe(expected);
  });

  it.each(['{ $.level = "ERROR" }', '[ip, user, status = 500]', '"unterminated'])(
    'returns null for unsupported pattern %j',
    (pattern) => {
      expect(compileFilterPattern(pattern)).toBeNull();
    },
  );
});

describe('Logs Insights subset', () => {
  const events = [
    { timestamp: 1_000, message: 'ERROR one', log: 'a:/g', logStream: 's' },
    { timestamp: 2_000, message: 'info | pipe', log: 'a:/g', logStream: 's' },
    { timestamp: 3_000, message: 'Task timed out', log: 'a:/g', logStream: 's' },
  ];
  const messages = (query: string) =>
    runQuery(compileQuery(query), events).map((row) => row.find((f) => f.field === '@message')?.value);

  it('filters with regexes (pipes inside them included), strings, and/or, and not like', () => {
    expect(messages('filter @message like /ERROR|timed/')).toEqual(['Task timed out', 'ERROR one']);
    expect(messages('filter @message like "| pipe"')).toEqual(['info | pipe']);
    expect(messages('filter @message like /e/ and @message not like /ERROR/ | sort @timestamp asc')).toEqual([
      'info | pipe',
      'Task timed out',
    ]);
    expect(messages('filter @message like /(?i)error/ or @message =~ /Task/')).toEqual([
      'Task timed out',
      'ERROR one',
    ]);
  });

  it('applies fields, sort and limit', () => {
    const rows = runQuery(compileQuery('fields @message | sort @timestamp asc | limit 1'), events);
    expect(rows).toEqual([[{ field: '@message', value: 'ERROR one' }]]);
  });

  it.each([
    'stats count(*)',
    'parse @message "x*"',
    'filter level = "x"',
    'sort @message',
    'filter @message like /(/',
  ])('rejects %j rather than answer wrongly', (query) => {
    expect(() => compileQuery(query)).toThrow(QuerySyntaxError);
  });
});
