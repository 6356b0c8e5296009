/**
 * The change-events loop from the configuration, for `serve` (alerts to Slack) and `watch`
 * (changes printed): null when CHANGE_EVENTS_QUEUE_URL is unset.
 */
import type { Credentials } from '../aws/clients.js';
import { sqsChangeQueue } from '../collect/change-queue.js';
import type { Config } from '../config.js';
import type { RunningEngine } from '../engine.js';
import type { LogSink } from '../log.js';
import type { Store } from '../store/store.js';
import { type ChangeSink, ChangeWatcher, type WatchOptions } from './watch.js';

export interface ChangeWatchDeps {
  engine: Pick<RunningEngine, 'audit' | 'scan' | 'regions' | 'changes'>;
  store: Store;
  sink: ChangeSink;
  log: LogSink;
  /** Where SQS is (tests and the demo); the SDK's own chain otherwise. */
  aws?: { endpoint?: string; credentials?: Credentials };
  /** Long-poll, coalescing and retry timings (tests shorten them). */
  tuning?: Pick<WatchOptions, 'waitSeconds' | 'coalesceMs' | 'retrySeconds'>;
}

/** Starts the loop (it runs until `stop()`), or returns null when no queue is configured. */
export function startChangeWatch(config: Config, deps: ChangeWatchDeps): ChangeWatcher | null {
  const url = config.changeEvents.queueUrl;
  if (!url) return null;
  const queue = sqsChangeQueue(url, { region: config.regions[0] ?? 'us-east-1', ...deps.aws });
  const watcher = new ChangeWatcher({
    queue,
    engine: deps.engine,
    lookup: deps.engine.changes,
    store: deps.store,
    sink: deps.sink,
    log: deps.log,
    minSeverity: config.changeEvents.minSeverity,
    ...deps.tuning,
  });
  watcher.start();
  deps.log.log('info', 'watching change events', {
    queue: url,
    minSeverity: config.changeEvents.minSeverity,
  });
  return watcher;
}
