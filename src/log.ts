/**
 * One JSON object per line on stderr: what log shippers (CloudWatch, Loki, Datadog) parse
 * without configuration, and what an operator greps for `"ref":"..."` when a user quotes the
 * reference from an error reply.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Lowest first: a sink at `info` drops `debug`. */
export const LEVEL_RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

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
      if (LEVEL_RANK[at] < LEVEL_RANK[level]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields })}\n`);
    },
  };
}
