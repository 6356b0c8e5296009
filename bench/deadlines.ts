/**
 * Does every audit end within its deadline plus one second, whatever AWS and the data do?
 * Against the fake AWS in a process of its own (sample account, quotas lifted), one audit each:
 * - 30 s of latency on one API (longer than the default AUDIT_DEADLINE of 30 s and the request
 *   timeout of 15 s: the first attempt times out, the retry is cut by the deadline);
 * - a 256 KB log line of the worst shape for each secret detector in the function's log group;
 * - a 4 KB environment value of the worst shape for each detector (bench/secret-shapes.ts).
 * Run: npx tsx bench/deadlines.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/engine.js';
import { CREDENTIALS, sampleWorld } from '../test/fakes/sample-world.js';
import { startFakeProcess } from './fake-process.js';
import { WORST_SHAPES } from './secret-shapes.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGION = 'eu-central-1';
const FUNCTION = 'orders-api';
const DEADLINE_MS = 30_000;
const LIFTED = { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000 };

type World = ReturnType<typeof sampleWorld>;

function ordersApi(world: World) {
  const region = world.accounts['123456789012']?.regions[REGION];
  const fn = region?.functions?.find((f) => f.Configuration.FunctionName === FUNCTION);
  const group = region?.logGroups?.find((g) => g.logGroupName === `/aws/lambda/${FUNCTION}`);
  if (!fn || !group) throw new Error(`the sample world has no ${FUNCTION} or its log group`);
  return { fn, group };
}

/** One audit of orders-api against a fake serving `world` with `knobs`: milliseconds and gaps. */
async function timeAudit(world: World, knobs: object = {}): Promise<{ ms: number; gaps: string[] }> {
  const path = join(mkdtempSync(join(tmpdir(), 'lambda-audit-bench-')), 'world.json');
  writeFileSync(path, JSON.stringify(world));
  const fake = await startFakeProcess(path, { latencyMs: 0, knobs });
  const engine = createEngine(
    loadConfig({ AWS_REGION: REGION }),
    { endpoint: fake.url, credentials: CREDENTIALS },
    { quotas: LIFTED },
  );
  try {
    const start = performance.now();
    const report = await engine.audit({ function: FUNCTION, region: REGION });
    return { ms: performance.now() - start, gaps: report.unverified.map((g) => `${g.api}: ${g.reason}`) };
  } finally {
    engine.close();
    await fake.stop();
  }
}

function line(label: string, result: { ms: number; gaps: string[] }): void {
  const verdict = result.ms <= DEADLINE_MS + 1_000 ? 'within deadline + 1 s' : 'OVER deadline + 1 s';
  console.log(
    `${label}: ${(result.ms / 1000).toFixed(2)} s, ${verdict}; gaps: ${result.gaps.join(' | ') || 'none'}`,
  );
}

line('baseline', await timeAudit(sampleWorld()));
line(
  '30 s latency on lambda:ListFunctionUrlConfigs',
  await timeAudit(sampleWorld(), { latencyMs: { 'lambda:ListFunctionUrlConfigs': 30_000 } }),
);
for (const [shape, make] of Object.entries(WORST_SHAPES)) {
  const world = sampleWorld();
  // Each line matches the error filter ("Error") so the search returns and examines it.
  ordersApi(world).group.events = [{ timestamp: -60_000, message: `Error ${make(262_144)}` }];
  line(`256 KB log line, ${shape}`, await timeAudit(world));
}
for (const [shape, make] of Object.entries(WORST_SHAPES)) {
  const world = sampleWorld();
  ordersApi(world).fn.Configuration.Environment = { Variables: { DB_PASSWORD: make(4_096) } };
  line(`4 KB environment value, ${shape}`, await timeAudit(world));
}
