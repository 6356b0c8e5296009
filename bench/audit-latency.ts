/**
 * How long one audit takes against the fake AWS with 50 ms injected on every call, compared
 * with its longest chain of dependent calls. Run: npx tsx bench/audit-latency.ts
 *
 * The chain: GetFunction -> FilterLogEvents (the log group's name comes from the function's
 * LoggingConfig); ListAliases -> GetPolicy(alias) and GetFunctionCodeSigningConfig ->
 * GetCodeSigningConfig are chains of the same length. Everything else runs beside them.
 * So the floor is 2 x latency; the goal is at most 1.2 x that.
 */
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { auditSnapshot } from '../src/audit.js';
import { createClients } from '../src/aws/clients.js';
import { collectFunction } from '../src/collect/function.js';
import { loadConfig } from '../src/config.js';
import { startSampleAws } from '../test/fakes/sample-world.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const LATENCY_MS = 50;
const CHAIN = 2;
const RUNS = 30;

const { fake, aws } = await startSampleAws({ latencyMs: LATENCY_MS });
const clients = createClients({ region: 'eu-central-1', ...aws });
const config = loadConfig({});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** The longest chain on its own: the two dependent calls, one after the other. */
async function chainTime(fn: string): Promise<number> {
  const start = performance.now();
  const answer = await clients.lambda.send(new GetFunctionCommand({ FunctionName: fn }));
  const logGroupName = answer.Configuration?.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn}`;
  await clients.logs.send(new FilterLogEventsCommand({ logGroupName, startTime: 0, filterPattern: 'ERROR' }));
  return performance.now() - start;
}

for (const fn of ['public-webhook', 'orders-api', 'image-resizer']) {
  // One warm-up so sockets and the SDK's lazy setup are not counted.
  await collectFunction(clients, fn, { now: new Date(), logWindowMs: 86_400_000 });
  fake.reset();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const snapshot = await collectFunction(clients, fn, { now: new Date(), logWindowMs: 86_400_000 });
    auditSnapshot(snapshot, config, new Date());
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const chains: number[] = [];
  for (let i = 0; i < RUNS; i++) chains.push(await chainTime(fn));
  chains.sort((a, b) => a - b);
  const chain = percentile(chains, 0.5);
  const floor = CHAIN * LATENCY_MS;
  const calls = [...fake.calls.values()].reduce((a, b) => a + b, 0) / RUNS - 2;
  console.log(
    `${fn.padEnd(16)} p50 ${percentile(times, 0.5).toFixed(1)} ms  p90 ${percentile(times, 0.9).toFixed(1)} ms  ` +
      `chain p50 ${chain.toFixed(1)} ms (floor ${floor} ms)  audit/chain ${(percentile(times, 0.5) / chain).toFixed(2)}x  ` +
      `audit/floor ${(percentile(times, 0.5) / floor).toFixed(2)}x  calls/audit ${calls}`,
  );
}
clients.lambda.destroy();
clients.logs.destroy();
await fake.close();
