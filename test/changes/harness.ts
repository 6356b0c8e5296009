/**
 * The watch loop wired for real against the fake AWS: the real engine (lifted quotas), the real
 * SQS client on the fake's change-events queue, an in-memory store, and a sink that records.
 */
import type { ExposureChange } from '../../src/changes/diff.js';
import { ChangeWatcher, type WatchOptions } from '../../src/changes/watch.js';
import { type ChangeQueue, sqsChangeQueue } from '../../src/collect/change-queue.js';
import { loadConfig } from '../../src/config.js';
import { createEngine, type RunningEngine } from '../../src/engine.js';
import { jsonLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { type FakeAws, startFakeAws, type World } from '../fakes/aws/index.js';
import { ACCOUNT, CREDENTIALS, REGION, testWorld } from '../fakes/aws/test-world.js';

export const LIFTED = { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000 };

/** The test world with orders-api private: no resource policy, its URL behind IAM auth. */
export function privateWorld(count = 0): World {
  const world = testWorld(count);
  const orders = world.accounts[ACCOUNT]?.regions[REGION]?.functions?.[0];
  if (orders) {
    delete orders.Policy;
    orders.UrlConfigs = (orders.UrlConfigs ?? []).map((u) => ({
      FunctionUrl: u.FunctionUrl,
      AuthType: 'AWS_IAM' as const,
      ...(u.Qualifier ? { Qualifier: u.Qualifier } : {}),
    }));
  }
  return world;
}

/** privateWorld after the Stratus backdoor: a statement letting anyone invoke orders-api. */
export function backdooredWorld(count = 0): World {
  const world = privateWorld(count);
  const orders = world.accounts[ACCOUNT]?.regions[REGION]?.functions?.[0];
  if (orders)
    orders.Policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'backdoor',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunction',
          Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`,
        },
      ],
    };
  return world;
}

/** Polls until `probe` holds (generous: the loop long-polls and coalesces). */
export async function poll(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface WatchHarness {
  aws: FakeAws;
  engine: RunningEngine;
  store: Store;
  queue: ChangeQueue;
  watcher: ChangeWatcher;
  changes: ExposureChange[];
  /** The function ARNs audited by the loop, in order. */
  audited: string[];
  logs: string[];
  /** Stores a scan of the current world: the state changes are compared with. */
  baseline(): Promise<void>;
  until(probe: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function watchHarness(world: World, options: Partial<WatchOptions> = {}): Promise<WatchHarness> {
  const aws = await startFakeAws({ world, lastAccessedPolls: 0 });
  const config = loadConfig({ AWS_REGION: REGION });
  const engine = createEngine(config, { endpoint: aws.url, credentials: CREDENTIALS }, { quotas: LIFTED });
  const store = await openStore(':memory:');
  const queue = sqsChangeQueue(`${aws.url}/${ACCOUNT}/change-events`, {
    region: REGION,
    endpoint: aws.url,
    credentials: CREDENTIALS,
  });
  const changes: ExposureChange[] = [];
  const audited: string[] = [];
  const logs: string[] = [];
  const watcher = new ChangeWatcher({
    queue,
    engine: {
      regions: engine.regions,
      scan: (regions) => engine.scan(regions),
      audit: (ref, auditOptions) => {
        audited.push(ref.function);
        return engine.audit(ref, auditOptions);
      },
    },
    lookup: engine.changes,
    store,
    sink: { emit: async (change) => void changes.push(change) },
    log: jsonLogger('debug', (line) => logs.push(line)),
    minSeverity: 'high',
    waitSeconds: 1,
    coalesceMs: 50,
    retrySeconds: () => 0,
    ...options,
  });
  return {
    aws,
    engine,
    store,
    queue,
    watcher,
    changes,
    audited,
    logs,
    async baseline() {
      await store.recordScan(await engine.scan([REGION]));
    },
    until: poll,
    async close() {
      await watcher.stop();
      engine.close();
      await store.close();
      await aws.close();
    },
  };
}
