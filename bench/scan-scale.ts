/**
 * A scan at account scale against the fake AWS with AWS's quotas enforced and 20 ms a call.
 * Run: npx tsx bench/scan-scale.ts [functions=2000] [roles=300]
 *
 * The account has trigger sources shared by its functions (scale-sources.ts: 60 REST APIs, 40
 * topics, 40 queues, 20 buckets, 40 EventBridge rules on 5 buses, 20 Kinesis streams, 20
 * DynamoDB tables). Reports the wall time against the floor the quotas impose on the calls made
 * (for each quota pool: calls made / its rate; the floor is the slowest pool) and against the
 * leaner plan's floor (2 calls per function on Lambda's shared 15/s pool, plus the event-invoke
 * read for each function with an asynchronous source), API calls per function by API, calls
 * per source, the calls made once per account and region (monitoring), throttling errors seen,
 * incomplete functions and peak memory.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_BURSTS, AWS_QUOTAS } from '../src/aws/quotas.js';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/engine.js';
import { CREDENTIALS } from '../test/fakes/sample-world.js';
import { startFakeProcess } from './fake-process.js';
import { callsPerPool } from './quota-pools.js';
import { SOURCE_COUNTS, triggerOf } from './scale-sources.js';
import { scaleWorld } from './scale-world.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const FUNCTIONS = Number(process.argv[2] ?? 2000);
const ROLES = Number(process.argv[3] ?? 300);
const REGION = 'eu-central-1';

const worldPath = join(tmpdir(), `lambda-audit-scale-${FUNCTIONS}.json`);
writeFileSync(worldPath, JSON.stringify(scaleWorld(FUNCTIONS, ROLES, '123456789012', REGION)));
const server = await startFakeProcess(worldPath, {
  latencyMs: 20,
  knobs: { rateLimits: AWS_QUOTAS, rateBursts: AWS_BURSTS },
});

const engine = createEngine(loadConfig({ AUDIT_REGIONS: REGION }), {
  endpoint: server.url,
  credentials: CREDENTIALS,
});
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);
const start = performance.now();
let lastShown = 0;
const report = await engine.scan([REGION], (done, total) => {
  if (done - lastShown >= total / 10 || done === total) {
    lastShown = done;
    process.stderr.write(
      `  ${done}/${total} functions, ${((performance.now() - start) / 1000).toFixed(0)} s\n`,
    );
  }
});
const wall = (performance.now() - start) / 1000;
clearInterval(sampler);
engine.close();
const counts = await server.stop();

const pools = callsPerPool(counts.calls);
const floors = [...pools].map(([pool, n]) => ({ pool, calls: n, seconds: n / (AWS_QUOTAS[pool] as number) }));
floors.sort((a, b) => b.seconds - a.seconds);
const floor = floors[0]?.seconds ?? 0;

console.log(`\nscan of ${FUNCTIONS} functions (${ROLES} roles), 20 ms a call, AWS quotas enforced`);
console.log(
  `wall ${wall.toFixed(1)} s; floor ${floor.toFixed(1)} s (${floors[0]?.pool}); ratio ${(wall / floor).toFixed(3)}x`,
);
// The leaner plan: ListAliases and ListFunctionUrlConfigs for every function, and
// ListFunctionEventInvokeConfigs only where a source invokes asynchronously (SNS, S3, EventBridge).
const asynchronous = Array.from({ length: FUNCTIONS }, (_, i) => triggerOf(i).kind).filter((k) =>
  ['topic', 'bucket', 'rule'].includes(k),
).length;
const leaner = (2 * FUNCTIONS + asynchronous) / (AWS_QUOTAS['lambda:*'] as number);
console.log(
  `leaner plan's floor ${leaner.toFixed(1)} s (2 x ${FUNCTIONS} + ${asynchronous} asynchronous on lambda:* at 15/s); ratio ${(wall / leaner).toFixed(3)}x`,
);
console.log('quota pools (calls, seconds at the quota):');
for (const f of floors)
  console.log(`  ${f.pool.padEnd(24)} ${String(f.calls).padStart(6)}  ${f.seconds.toFixed(1)} s`);
console.log('API calls per function:');
for (const [api, n] of Object.entries(counts.calls).sort(([, a], [, b]) => b - a)) {
  console.log(`  ${api.padEnd(42)} ${(n / FUNCTIONS).toFixed(3)}  (${n})`);
}
// Each source is read once per scan, whatever the number of functions it feeds.
const perSource: [string, RegExp, number][] = [
  ['REST APIs', /^apigateway:/, SOURCE_COUNTS.restApis],
  ['SNS topics', /^sns:/, SOURCE_COUNTS.topics],
  ['SQS queues', /^sqs:/, SOURCE_COUNTS.queues],
  ['S3 buckets', /^s3:(?!GetAccountPublicAccessBlock)/, SOURCE_COUNTS.buckets],
  ['Load balancers', /^elasticloadbalancing:(?!DescribeTargetGroups)/, SOURCE_COUNTS.loadBalancers],
  ['EventBridge rules and buses', /^events:/, SOURCE_COUNTS.rules],
  ['Kinesis streams', /^kinesis:/, SOURCE_COUNTS.streams],
  ['DynamoDB tables', /^dynamodb:/, SOURCE_COUNTS.tables],
];
console.log('calls per source:');
for (const [label, pattern, count] of perSource) {
  const calls = Object.entries(counts.calls)
    .filter(([api]) => pattern.test(api))
    .reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `  ${label.padEnd(28)} ${String(calls).padStart(5)} calls for ${count}: ${(calls / count).toFixed(2)} each`,
  );
}
// Alarms, trails, GuardDuty and EC2 are read once per account and region, whatever the functions.
const perScope = Object.entries(counts.calls).filter(([api]) =>
  /^(cloudwatch|cloudtrail|guardduty|ec2):/.test(api),
);
console.log(
  `calls per account and region (1 here): ${perScope.map(([api, n]) => `${api} ${n}`).join(', ') || 'none'}`,
);
const throttled = Object.values(counts.throttled).reduce((a, b) => a + b, 0);
console.log(`throttling errors seen: ${throttled} ${JSON.stringify(counts.throttled)}`);
console.log(
  `functions audited: ${report.summary.functions}; incomplete: ${report.summary.incomplete}; failed: ${report.summary.failed.length}`,
);
// Why functions are incomplete: each distinct gap, most frequent first.
const gapCounts = new Map<string, number>();
for (const f of report.functions) {
  for (const g of f.unverified) {
    const key = `${g.api}: ${g.reason.slice(0, 120)}`;
    gapCounts.set(key, (gapCounts.get(key) ?? 0) + 1);
  }
}
for (const [gap, n] of [...gapCounts].sort(([, a], [, b]) => b - a).slice(0, 5)) {
  console.log(`  ${n} x ${gap}`);
}
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
