/**
 * The CPU one AWS call costs the caller, apart from everything else a scan does: `concurrency`
 * loops call the fake AWS (its own process) through our clients (createClients: our config,
 * middlewares, pacing and deadline) or through bare SDK clients, the scan's commonest reads
 * (Lambda's GetFunction, GetPolicy, ListAliases, ListFunctionUrlConfigs and API Gateway's
 * GetResources, REST-JSON both), and report this process's CPU per call.
 *
 *   npx tsx bench/sdk-call-cpu.ts [calls=20000] [concurrency=64] [clients=ours|bare] [callsPerClients=all]
 *
 * callsPerClients: a new set of clients every that many calls, as a scan makes a set per
 * account-region (100x2x100: ~700 calls each, on ~15 services).
 *
 * ours: one createClients per account-region as a scan makes them, paced by a RateLimiter with
 * quotas out of reach, every call under a deadline. bare: `new LambdaClient({ region, endpoint,
 * credentials })`, the SDK's defaults and nothing of ours: the SDK's own floor (with CACHE=1, and
 * the SDK's cacheMiddleware). The machine's load moves these figures by 10% and more: compare runs
 * made one after the other, several times.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { APIGatewayClient, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import {
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import { createClients } from '../src/aws/clients.js';
import { withinDeadline } from '../src/aws/deadline.js';
import { RateLimiter } from '../src/aws/rate-limiter.js';
import { startFakeProcess } from './fake-process.js';
import { scaleWorld } from './scale-world.js';

const CALLS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = Number(process.argv[3] ?? 64);
const CLIENTS = (process.argv[4] ?? 'ours') as 'ours' | 'bare';
const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const FUNCTIONS = 20;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const dir = mkdtempSync(join(tmpdir(), 'sdk-call-cpu-'));
const worldPath = join(dir, 'world.json');
writeFileSync(worldPath, JSON.stringify(scaleWorld(FUNCTIONS, 3, ACCOUNT, REGION)));
const fake = await startFakeProcess(worldPath, { latencyMs: 2 });
const credentials = { accessKeyId: `AKIA${ACCOUNT}XXXX`, secretAccessKey: 'bench' };
const target = { region: REGION, endpoint: fake.url, credentials };
const PER_CLIENTS = Number(process.argv[5] ?? Number.POSITIVE_INFINITY);
const clients = () =>
  CLIENTS === 'ours'
    ? createClients({ ...target, limiter: new RateLimiter({ 'lambda:*': 1e9, 'apigateway:*': 1e9 }) })
    : {
        lambda: new LambdaClient({ ...target, cacheMiddleware: !!process.env.CACHE }),
        apigateway: new APIGatewayClient({ ...target, cacheMiddleware: !!process.env.CACHE }),
      };
let { lambda, apigateway } = clients();

const names = Array.from({ length: FUNCTIONS }, (_, i) => `fn-${String(i).padStart(4, '0')}`);
/** The i-th call: the scan's mix, roughly in its proportions. */
function call(i: number): Promise<unknown> {
  // A scan makes clients per account-region: a new set every `PER_CLIENTS` calls.
  if (i % PER_CLIENTS === 0) ({ lambda, apigateway } = clients());
  const FunctionName = names[i % names.length] as string;
  switch (i % 5) {
    case 0:
      return lambda.send(new GetFunctionCommand({ FunctionName }));
    case 1:
      return lambda.send(new GetPolicyCommand({ FunctionName })).catch(() => undefined);
    case 2:
      return lambda.send(new ListAliasesCommand({ FunctionName }));
    case 3:
      return lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName }));
    default:
      return apigateway.send(new GetResourcesCommand({ restApiId: `api${String(i % 20).padStart(7, '0')}` }));
  }
}

async function run(calls: number): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < calls) await call(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
}

let used: NodeJS.CpuUsage;
let wallMs: number;
let counts: Awaited<ReturnType<typeof fake.stop>>;
try {
  // Warm up: modules compiled, connections open, the JIT settled.
  await withinDeadline(600_000, 'BENCH', () => run(Math.min(2_000, CALLS)));
  const cpu = cpuUsage();
  const start = performance.now();
  await withinDeadline(600_000, 'BENCH', () => run(CALLS));
  used = cpuUsage(cpu);
  wallMs = performance.now() - start;
} finally {
  // The fake's process ends with the bench, failed or not.
  counts = await fake.stop();
}
console.log(
  JSON.stringify({
    clients: CLIENTS,
    calls: CALLS,
    concurrency: CONCURRENCY,
    callsPerClients: Number.isFinite(PER_CLIENTS) ? PER_CLIENTS : 'all',
    cpuMsPerCall: Number(((used.user + used.system) / 1000 / CALLS).toFixed(3)),
    userMsPerCall: Number((used.user / 1000 / CALLS).toFixed(3)),
    systemMsPerCall: Number((used.system / 1000 / CALLS).toFixed(3)),
    callsPerS: Math.round(CALLS / (wallMs / 1000)),
    connections: counts.connections,
    failed: counts.failed,
  }),
);
