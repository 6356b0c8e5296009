import { type Logger, LogLevel } from '@slack/bolt';

/**
 * One JSON object per line on stderr: what log shippers (CloudWatch, Loki, Datadog) parse
 * without configuration, and what an operator greps for `"ref":"..."` when a user quotes the
 * reference from an error reply.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface LogSink {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

/** An error as loggable data: name, code, message and the chain of causes; never the stack's frames. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const fields: Record<string, unknown> = { error: error.message, errorName: error.name };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.errorCode = code;
  if (error.cause !== undefined) fields.cause = errorFields(error.cause);
  return fields;
}

export function jsonLogger(
  level: Level = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): LogSink {
  return {
    log(at, msg, fields = {}) {
      if (RANK[at] < RANK[level]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields })}\n`);
    },
  };
}

/** Bolt and the Web API client log through this, so their lines are JSON like ours. */
export function boltLogger(sink: LogSink, initial: Level = 'info'): Logger {
  let level = initial;
  let name = 'bolt';
  const at =
    (lvl: Level) =>
    (...msg: unknown[]) => {
      if (RANK[lvl] < RANK[level]) return;
      const text = msg
        .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' ');
      sink.log(lvl, text, { logger: name });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: LogLevel) => {
      level =
        l === LogLevel.DEBUG
          ? 'debug'
          : l === LogLevel.INFO
            ? 'info'
            : l === LogLevel.WARN
              ? 'warn'
              : 'error';
    },
    getLevel: () =>
      level === 'debug'
        ? LogLevel.DEBUG
        : level === 'info'
          ? LogLevel.INFO
          : level === 'warn'
            ? LogLevel.WARN
            : LogLevel.ERROR,
    setName: (n: string) => {
      name = n;
    },
  };
}
