/**
 * The change-events loop under a burst: 1,000 CloudTrail events across 200 functions (Lambda
 * calls on single functions, IAM role changes, tag changes that matter to nobody, and SQS's
 * duplicate deliveries), with 20 of the functions really opened to the world first.
 * Run: npx tsx bench/change-events.ts [events=1000] [functions=200]
 *
 * The fake AWS runs in this process (the loop needs the world changed under it), with 20 ms a
 * call and AWS's quotas enforced; the engine paces under the same quotas. Reports alerts
 * emitted, re-audits performed (coalescing: far fewer than events), time to drain the queue, and
 * AWS calls per event by API (the scan that stores the baseline is not counted).
 */
import { AWS_QUOTAS } from '../src/aws/quotas.js';
import type { ExposureChange } from '../src/changes/diff.js';
import { ChangeWatcher } from '../src/changes/watch.js';
import { sqsChangeQueue } from '../src/collect/change-queue.js';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/engine.js';
import { jsonLogger } from '../src/log.js';
import { openStore } from '../src/store/open.js';
import { startFakeAws } from '../test/fakes/aws/index.js';
import { CREDENTIALS } from '../test/fakes/sample-world.js';
import { anotherCall, type EventBridgeEnvelope } from '../test/fixtures/change-events/index.js';
import { scaleWorld } from './scale-world.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const EVENTS = Number(process.argv[2] ?? 1000);
const FUNCTIONS = Number(process.argv[3] ?? 200);
const ROLES = Math.max(1, Math.floor(FUNCTIONS / 5));
const OPENED = 20;
const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:change-events`;

const world = scaleWorld(FUNCTIONS, ROLES, ACCOUNT, REGION);
const region = world.accounts[ACCOUNT]?.regions[REGION];
if (!region?.functions) throw new Error('scale world without functions');
region.queues = [
  {
    QueueName: 'change-events',
    Attributes: { RedrivePolicy: { deadLetterTargetArn: `${QUEUE}-dlq`, maxReceiveCount: 5 } },
  },
  { QueueName: 'change-events-dlq' },
];
const fake = await startFakeAws({ world, latencyMs: 20, rateLimits: AWS_QUOTAS, lastAccessedPolls: 0 });
const config = loadConfig({ AUDIT_REGIONS: REGION });
const engine = createEngine(config, { endpoint: fake.url, credentials: CREDENTIALS });
const store = await openStore(':memory:');
const started = performance.now();
await store.recordScan(await engine.scan([REGION]));
process.stderr.write(
  `baseline scan of ${FUNCTIONS} functions stored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);

// The change: OPENED functions get a statement letting anyone invoke them.
const names = region.functions.map((f) => f.Configuration.FunctionName);
for (const fn of region.functions.slice(0, OPENED)) {
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn.Configuration.FunctionName}`;
  fn.Policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'backdoor', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: arn },
    ],
  };
}
fake.setWorld(world);
fake.reset();

/** A deterministic pseudo-random sequence, so every run sends the same burst. */
let seed = 42;
const random = (n: number) => {
  seed = (seed * 48_271) % 2_147_483_647;
  return seed % n;
};
/** Another call of a fixture's kind, with one request parameter set. */
function event(fixture: string, n: number, parameter?: [string, string]): EventBridgeEnvelope {
  const e = anotherCall(fixture, n);
  if (parameter) (e.detail.requestParameters as Record<string, unknown>)[parameter[0]] = parameter[1];
  return e;
}
const burst: EventBridgeEnvelope[] = [];
for (let i = 0; burst.length < EVENTS; i++) {
  const kind = i < OPENED ? 'open' : random(100);
  const name = names[i < OPENED ? i : random(names.length)] as string;
  if (kind === 'open') burst.push(event('lambda-add-permission-public', i, ['functionName', name]));
  else if (kind < 50)
    burst.push(
      event(kind % 2 ? 'lambda-update-function-code' : 'lambda-update-configuration-layer', i, [
        'functionName',
        name,
      ]),
    );
  else if (kind < 60) burst.push(event('iam-put-role-policy', i, ['roleName', `app-role-${random(ROLES)}`]));
  else if (kind < 80) burst.push(event('lambda-tag-resource', i));
  // SQS delivers at least once: a copy of an event already in the burst.
  else burst.push(burst[random(burst.length)] as EventBridgeEnvelope);
}
for (const e of burst) fake.sqs.enqueue(QUEUE, e);

const changes: ExposureChange[] = [];
const watcher = new ChangeWatcher({
  queue: sqsChangeQueue(`${fake.url}/${ACCOUNT}/change-events`, {
    region: REGION,
    endpoint: fake.url,
    credentials: CREDENTIALS,
  }),
  engine,
  lookup: engine.changes,
  store,
  sink: { emit: async (change) => void changes.push(change) },
  log: jsonLogger('warn'),
  minSeverity: 'high',
});
const start = performance.now();
watcher.start();
while (fake.sqs.messages(QUEUE).length > 0 || watcher.stats.messages < EVENTS)
  await new Promise((resolve) => setTimeout(resolve, 50));
const drained = (performance.now() - start) / 1000;
await watcher.stop();
engine.close();
const counts = fake.counts();
await store.close();
await fake.close();

const opened = new Set(
  changes.filter((c) => c.opened.some((f) => f.check === 'policy-public-invoke')).map((c) => c.function.name),
);
console.log(
  `\n${EVENTS} change events across ${FUNCTIONS} functions (${ROLES} roles), 20 ms a call, AWS quotas enforced`,
);
console.log(`time to drain the queue: ${drained.toFixed(1)} s (coalescing window 3 s included)`);
console.log(
  `alerts emitted: ${changes.length}; functions opened to the world: ${OPENED}, alerted on: ${opened.size}`,
);
console.log(
  `re-audits: ${watcher.stats.reaudits} for ${watcher.stats.events} events (${(watcher.stats.events / Math.max(1, watcher.stats.reaudits)).toFixed(1)} events per re-audit)`,
);
console.log(
  `loop: ${JSON.stringify(watcher.stats)}; dead-letter queue: ${fake.sqs.messages(`${QUEUE}-dlq`).length}`,
);
console.log(
  `AWS calls: ${counts.total}, ${(counts.total / EVENTS).toFixed(2)} per event; by API (per event):`,
);
for (const [api, n] of Object.entries(counts.calls).sort(([, a], [, b]) => b - a))
  console.log(`  ${api.padEnd(42)} ${(n / EVENTS).toFixed(3)}  (${n})`);
const throttled = Object.values(counts.throttled).reduce((a, b) => a + b, 0);
console.log(`throttling errors seen: ${throttled}`);
