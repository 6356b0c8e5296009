/**
 * How long one audit takes against the fake AWS with 50 ms injected on every call, compared
 * with its longest chain of dependent calls. Run: npm run bench  (or npx tsx bench/audit-latency.ts)
 *
 * The longest chains are four calls: GetFunction (names the role) -> ListAttachedRolePolicies ->
 * GetPolicy (the default version id) -> GetPolicyVersion; and, for a function with triggers, the
 * sources, read once the grants and mappings are known: ListAliases -> ListEventSourceMappings
 * (of each alias) -> GetRestApi -> GetResources (orders-api's API), or -> DescribeEventBus (read
 * beside DescribeRule: a custom bus's rule is never only a schedule) -> DescribeKey (partner-sync's
 * bus under a customer key). Beside them: GetFunction -> FilterLogEvents and DescribeLogGroups;
 * GetFunction -> GenerateServiceLastAccessedDetails -> GetServiceLastAccessedDetails;
 * ListAliases -> GetPolicy(alias); and every single call.
 * The fake's last-accessed job is ready at the first poll here (real IAM takes seconds; that
 * wait is IAM's, not ours). A fresh RoleReader per audit: each pays for its role, as a first
 * audit in Slack does.
 */

import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { auditSnapshot } from '../src/audit.js';
import { createClients } from '../src/aws/clients.js';
import { collectFunction } from '../src/collect/function.js';
import { FunctionIndex } from '../src/collect/function-index.js';
import { RoleReader } from '../src/collect/role.js';
import { loadConfig } from '../src/config.js';
import { SAMPLE_WORLD } from '../src/demo.js';
import { CREDENTIALS } from '../test/fakes/sample-world.js';
import { startFakeProcess } from './fake-process.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const LATENCY_MS = 50;
const CHAIN = 4;
const RUNS = 30;

const server = await startFakeProcess(SAMPLE_WORLD, { latencyMs: LATENCY_MS });
const aws = { endpoint: server.url, credentials: CREDENTIALS };
const clients = createClients({ region: 'eu-central-1', ...aws });
const config = loadConfig({});
/** What the bench needs of every SDK client: a middleware step, and to be destroyed. */
interface SdkClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: 'finalizeRequest' },
    ): void;
  };
  destroy(): void;
}
const sdkClients = Object.values(clients).filter((c) => typeof c === 'object') as unknown as SdkClient[];
// Count requests as they leave (retries included): the API calls one audit makes.
let sent = 0;
for (const client of sdkClients) {
  client.middlewareStack.add(
    (next) => (args) => {
      sent++;
      return next(args);
    },
    { step: 'finalizeRequest' },
  );
}
const options = () => ({
  now: new Date(),
  logWindowMs: 86_400_000,
  roles: new RoleReader(),
  functions: new FunctionIndex(
    () => ['eu-central-1'],
    () => clients,
    0,
  ),
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** The longest chain on its own: its four calls, one after the other. */
async function chainTime(fn: string): Promise<number> {
  const start = performance.now();
  const answer = await clients.lambda.send(new GetFunctionCommand({ FunctionName: fn }));
  const RoleName = (answer.Configuration?.Role ?? '').split('/').pop();
  const attached = await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
  const PolicyArn = attached.AttachedPolicies?.[0]?.PolicyArn;
  const policy = await clients.iam.send(new GetPolicyCommand({ PolicyArn }));
  await clients.iam.send(
    new GetPolicyVersionCommand({ PolicyArn, VersionId: policy.Policy?.DefaultVersionId }),
  );
  return performance.now() - start;
}

console.log(`one audit, ${LATENCY_MS} ms per AWS call, ${RUNS} runs each (p50 / p90)`);
for (const fn of ['public-webhook', 'orders-api', 'image-resizer', 'partner-sync']) {
  await collectFunction(clients, fn, options()); // warm-up: sockets, lazy SDK setup
  const times: number[] = [];
  sent = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    auditSnapshot(await collectFunction(clients, fn, options()), config, new Date());
    times.push(performance.now() - start);
  }
  const calls = sent / RUNS;
  const chains: number[] = [];
  for (let i = 0; i < RUNS; i++) chains.push(await chainTime(fn));
  times.sort((a, b) => a - b);
  chains.sort((a, b) => a - b);
  const [audit, chain] = [percentile(times, 0.5), percentile(chains, 0.5)];
  console.log(
    `${fn.padEnd(15)} audit ${audit.toFixed(0)} / ${percentile(times, 0.9).toFixed(0)} ms  ` +
      `chain ${chain.toFixed(0)} ms (floor ${CHAIN * LATENCY_MS})  audit/chain ${(audit / chain).toFixed(2)}x  ` +
      `calls/audit ${calls}`,
  );
}
for (const client of sdkClients) client.destroy();
server.process.kill();
