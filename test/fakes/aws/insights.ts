/**
 * A small, honest Logs Insights: it understands `fields`, `filter` (on @message with `like`,
 * `not like` or `=~` against /regex/flags or a quoted string, joined by `and`/`or`), `sort
 * @timestamp asc|desc`, `limit N` and `display`. Any other command is rejected, so a collector
 * never mistakes an unsupported query for "no results".
 */

export interface InsightsEvent {
  timestamp: number;
  message: string;
  log: string;
  logStream: string;
}

export interface CompiledQuery {
  fields: string[] | null;
  filter: (message: string) => boolean;
  order: 'asc' | 'desc';
  limit: number | null;
}

export class QuerySyntaxError extends Error {
  override name = 'QuerySyntaxError';
}

const KNOWN_FIELDS = ['@timestamp', '@message', '@log', '@logStream'];

export function compileQuery(query: string): CompiledQuery {
  const compiled: CompiledQuery = { fields: null, filter: () => true, order: 'desc', limit: null };
  const filters: ((message: string) => boolean)[] = [];
  for (const command of splitCommands(query)) {
    const [, verb = '', rest = ''] = /^(\w+)\s*([\s\S]*)$/.exec(command) ?? [];
    switch (verb.toLowerCase()) {
      case 'fields':
      case 'display':
        compiled.fields = rest
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean);
        break;
      case 'filter':
        filters.push(compileFilter(rest));
        break;
      case 'sort': {
        const sort = /^@timestamp(?:\s+(asc|desc))?$/i.exec(rest.trim());
        if (!sort) throw new QuerySyntaxError(`the fake sorts by @timestamp only: ${command}`);
        compiled.order = (sort[1]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'desc';
        break;
      }
      case 'limit':
        if (!/^\d+$/.test(rest.trim())) throw new QuerySyntaxError(`bad limit: ${command}`);
        compiled.limit = Number(rest.trim());
        break;
      default:
        throw new QuerySyntaxError(`the fake does not support this command: ${command}`);
    }
  }
  compiled.filter = (message) => filters.every((f) => f(message));
  return compiled;
}

/** Runs a compiled query over events; rows are lists of {field, value} as GetQueryResults returns. */
export function runQuery(
  compiled: CompiledQuery,
  events: InsightsEvent[],
): { field: string; value: string }[][] {
  const matched = events
    .filter((e) => compiled.filter(e.message))
    .sort((a, b) => (compiled.order === 'asc' ? a.timestamp - b.timestamp : b.timestamp - a.timestamp));
  const limited = compiled.limit === null ? matched : matched.slice(0, compiled.limit);
  const fields = compiled.fields ?? KNOWN_FIELDS;
  return limited.map((event) => {
    const values: Record<string, string> = {
      '@timestamp': new Date(event.timestamp).toISOString().replace('T', ' ').replace('Z', ''),
      '@message': event.message,
      '@log': event.log,
      '@logStream': event.logStream,
    };
    return fields.filter((f) => f in values).map((field) => ({ field, value: values[field]! }));
  });
}

/** Splits on `|` outside quotes and regex literals. */
function splitCommands(query: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      current += c;
      if (c === '\\' && i + 1 < query.length) current += query[++i];
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || (c === '/' && /(like|=~)\s*$/i.test(current))) {
      quote = c;
      current += c;
    } else if (c === '|') {
      commands.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  commands.push(current);
  return commands.map((c) => c.trim()).filter(Boolean);
}

/** `@message like /x/ or @message like "y" and @message not like /z/` ("and" binds tighter). */
function compileFilter(expression: string): (message: string) => boolean {
  const clause =
    /^\s*@message\s+(not\s+like|like|=~)\s*(\/((?:\\.|[^/\\])*)\/([a-z]*)|"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)')\s*/i;
  const alternatives: ((message: string) => boolean)[][] = [[]];
  let rest = expression;
  while (rest.trim() !== '') {
    const match = clause.exec(rest);
    if (!match) throw new QuerySyntaxError(`the fake filters on @message only: filter ${expression}`);
    const negate = /^not/i.test(match[1]!);
    const test =
      match[3] !== undefined
        ? regexTest(insightsRegex(match[3], match[4] ?? ''))
        : substringTest((match[5] ?? match[6] ?? '').replace(/\\(.)/g, '$1'));
    alternatives[alternatives.length - 1]!.push(negate ? (m) => !test(m) : test);
    rest = rest.slice(match[0].length);
    const joiner = /^(and|or)\s+/i.exec(rest);
    if (joiner) {
      if (joiner[1]!.toLowerCase() === 'or') alternatives.push([]);
      rest = rest.slice(joiner[0].length);
    } else if (rest.trim() !== '') {
      throw new QuerySyntaxError(`cannot parse filter: ${expression}`);
    }
  }
  return (message) => alternatives.some((all) => all.every((test) => test(message)));
}

/** Insights writes case-insensitivity as a leading `(?i)`, which JavaScript spells as a flag. */
function insightsRegex(source: string, flags: string): RegExp {
  const caseless = source.startsWith('(?i)');
  try {
    if (caseless) return new RegExp(source.slice(4), flags.includes('i') ? flags : `${flags}i`);
    return new RegExp(source, flags);
  } catch (error) {
    throw new QuerySyntaxError(`bad regular expression /${source}/: ${(error as Error).message}`);
  }
}

function regexTest(regex: RegExp): (message: string) => boolean {
  return (message) => {
    regex.lastIndex = 0;
    return regex.test(message);
  };
}

function substringTest(text: string): (message: string) => boolean {
  return (message) => message.includes(text);
}
