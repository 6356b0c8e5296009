/**
 * `lambda-audit watch [--format text|json]`: the change-events loop of `serve` without Slack.
 * Each exposure change is printed as it happens (text, or one JSON object per line for pipes);
 * the loop's own log lines go to stderr. Runs until SIGINT or SIGTERM. Called from src/cli.ts
 * (not a Slack command).
 */

import { startChangeWatch } from '../src/changes/start.js';
import type { ChangeSink } from '../src/changes/watch.js';
import type { Config } from '../src/config.js';
import type { RunningEngine } from '../src/engine.js';
import { ConfigError, UsageError } from '../src/errors.js';
import { jsonLogger, type LogSink } from '../src/log.js';
import { renderChangeJson, renderChangeText } from '../src/render/change.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { parseFlags } from './args.js';

export const WATCH_USAGE = 'watch [--format text|json]';

export interface WatchCliDeps {
  config: Config;
  engine: Pick<RunningEngine, 'audit' | 'scan' | 'regions' | 'changes'>;
  format: string;
  out: (text: string) => void;
  /** Resolves when the loop should stop (SIGINT/SIGTERM by default). */
  until?: Promise<void>;
  openStore?: (databaseUrl: string) => Promise<Store>;
  log?: LogSink;
  aws?: Parameters<typeof startChangeWatch>[1]['aws'];
  tuning?: Parameters<typeof startChangeWatch>[1]['tuning'];
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Watches until stopped; returns the exit code (0). Usage and configuration errors throw. */
export async function runWatchCli(args: readonly string[], deps: WatchCliDeps): Promise<number> {
  const { positionals } = parseFlags(args, {}, WATCH_USAGE);
  if (positionals.length > 0)
    throw new UsageError(`watch takes no arguments. Usage: lambda-audit ${WATCH_USAGE}`);
  if (deps.format !== 'text' && deps.format !== 'json')
    throw new UsageError('watch --format must be text or json');
  if (!deps.config.changeEvents.queueUrl)
    throw new ConfigError(
      'CHANGE_EVENTS_QUEUE_URL: required for watch (the queue the EventBridge rules feed)',
    );
  const sink: ChangeSink = {
    emit: async (change) =>
      deps.out(deps.format === 'json' ? `${renderChangeJson(change)}\n` : `${renderChangeText(change)}\n\n`),
  };
  const store = await (deps.openStore ?? openStore)(deps.config.databaseUrl);
  try {
    const watcher = startChangeWatch(deps.config, {
      engine: deps.engine,
      store,
      sink,
      log: deps.log ?? jsonLogger(deps.config.logLevel),
      ...(deps.aws ? { aws: deps.aws } : {}),
      ...(deps.tuning ? { tuning: deps.tuning } : {}),
    });
    await (deps.until ?? signalled());
    await watcher?.stop();
  } finally {
    await store.close();
  }
  return 0;
}
