import { type Logger, LogLevel } from '@slack/bolt';
import { LEVEL_RANK, type Level, type LogSink } from '../log.js';

/** Bolt and the Web API client log through this, so their lines are JSON like ours. */
export function boltLogger(sink: LogSink, initial: Level = 'info'): Logger {
  let level = initial;
  let name = 'bolt';
  const at =
    (lvl: Level) =>
    (...msg: unknown[]) => {
      if (LEVEL_RANK[lvl] < LEVEL_RANK[level]) return;
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
