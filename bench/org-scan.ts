/**
 * An organization scan: `accounts` member accounts × `regions` regions × `functions` functions
 * each, 20 ms a call, AWS's quotas enforced by the fake (per account and region; IAM per
 * account) and paced by the client. Each replica is a real `lambda-audit scan --org` process.
 *
 *   npx tsx bench/org-scan.ts [accounts=100] [regions=2] [functions=100] [mode=one|two|killed]
 *
 * one: one replica (SQLite store). two: two replicas sharing the scan on PostgreSQL (a throwaway
 * server, as the tests start it). killed: two replicas on PostgreSQL, one killed (SIGKILL) when
 * half the units are done (by both replicas' progress lines); the other takes its units over once their
 * two-minute lease lapses.
 *
 * Reports wall time against the floor (the slowest account-region's own floor under the quotas:
 * its calls in each quota pool / the pool's rate, IAM's pool per account), each replica's peak
 * RSS, throttled calls, failed and incomplete functions, and functions read more than once; and
 * what the machine's CPUs allow (cpuBoundS: the busiest replica's CPU seconds, each being one
 * thread, or all processes' CPU seconds over the cores), with the CPU each call cost the replicas
 * and the fake, and the load average at the end (other work on the machine takes cores too).
 * Each replica's stderr, stamped with seconds since its start, is kept in the `logs` directory;
 * with ORG_SCAN_PROFILE=1 every process also writes a CPU profile (.cpuprofile) there.
 * ORG_SCAN_NODE_ARGS adds options to each replica's node (`--max-old-space-size=256`),
 * ORG_SCAN_ARGS to its scan (`--format json`), ORG_SCAN_UNITS sets its AUDIT_SCAN_UNITS (all units at
 * once by default, half each with two replicas).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AWS_QUOTAS, isGlobalService } from '../src/aws/quotas.js';
import { openStore } from '../src/store/open.js';
import type { World } from '../test/fakes/aws/index.js';
import { trustOfManagement } from '../test/fakes/org-world.js';
import { startPostgresServer } from '../test/support/postgres-server.js';
import { startFakeProcess } from './fake-process.js';
import { callsPerPool } from './quota-pools.js';
import { scaleWorld } from './scale-world.js';

const ACCOUNTS = Number(process.argv[2] ?? 100);
const REGIONS = ['eu-central-1', 'us-east-1', 'eu-west-1', 'us-west-2'].slice(
  0,
  Number(process.argv[3] ?? 2),
);
const FUNCTIONS = Number(process.argv[4] ?? 100);
const MODE = (process.argv[5] ?? 'one') as 'one' | 'two' | 'killed';
// A role per seven functions, as the scale benchmark has it: a whole number (a fraction made a
// role name per function that no role had, `app-role-0.714...`, read in vain once each).
const ROLES = Math.max(1, Math.floor(FUNCTIONS / 7));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANAGEMENT = '100000000000';
const ROLE = 'lambda-audit';

/** The organization: the management account (no functions) and the members, each a scaled account per region. */
function orgWorld(): World {
  const members = Array.from({ length: ACCOUNTS }, (_, i) => String(200000000000 + i));
  const world: World = {
    defaultAccount: MANAGEMENT,
    accounts: { [MANAGEMENT]: { regions: {}, iam: { roles: [] } } },
    organization: {
      Id: 'o-bench000001',
      RootId: 'r-bnch',
      ManagementAccountId: MANAGEMENT,
      accounts: [{ Id: MANAGEMENT }, ...members.map((Id) => ({ Id }))],
    },
  };
  for (const id of members) {
    const regions = REGIONS.map((r) => scaleWorld(FUNCTIONS, ROLES, id, r).accounts[id]);
    const iam = regions[0]?.iam ?? {};
    iam.roles = [
      ...(iam.roles ?? []),
      {
        RoleName: ROLE,
        AssumeRolePolicyDocument: trustOfManagement(MANAGEMENT),
      },
    ];
    world.accounts[id] = {
      enabledRegions: REGIONS,
      iam,
      regions: Object.fromEntries(REGIONS.map((r, i) => [r, regions[i]?.regions[r] ?? {}])),
    };
  }
  return world;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const dir = mkdtempSync(join(tmpdir(), 'org-scan-'));
const worldPath = join(dir, 'world.json');
writeFileSync(worldPath, JSON.stringify(orgWorld()));
// ORG_SCAN_PROFILE=1: every process writes a V8 CPU profile (.cpuprofile) into the logs directory.
// ORG_SCAN_NODE_ARGS: more flags for every process's node (e.g. --max-semi-space-size=64).
const nodeArgs = [
  ...(process.env.ORG_SCAN_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', dir] : []),
  ...(process.env.ORG_SCAN_NODE_ARGS ?? '').split(' ').filter(Boolean),
];
const fake = await startFakeProcess(worldPath, {
  latencyMs: 20,
  knobs: { rateLimits: AWS_QUOTAS },
  nodeArgs,
});
const postgres = MODE === 'one' ? null : await startPostgresServer();
const databaseUrl = postgres ? postgres.url : `file:${join(dir, 'audit.db')}`;

interface Replica {
  name: string;
  wallS: number;
  peakRssMb: number;
  /** CPU seconds it used (user + system). */
  cpuS: number;
  code: number | null;
  stderr: string;
}

/** A live process's user plus system seconds, from /proc (clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** User plus system seconds from /usr/bin/time's line (absent when the process was killed). */
function cpuSeconds(stderr: string): number {
  const m = /cpu-s ([\d.]+) ([\d.]+)/.exec(stderr);
  return m ? Number(m[1]) + Number(m[2]) : 0;
}

/** One `lambda-audit scan --org` process; its peak RSS from /usr/bin/time. */
function replica(name: string, killWhen?: (stderr: string) => boolean): Promise<Replica> {
  const start = performance.now();
  const child = spawn(
    '/usr/bin/time',
    [
      '-f',
      'maxrss-kb %M cpu-s %U %S',
      process.execPath,
      ...nodeArgs,
      '--import',
      'tsx',
      'src/main.ts',
      'scan',
      '--org',
      '--progress',
      // More scan options (e.g. `--format json`, which prints and records the scan page by page).
      ...(process.env.ORG_SCAN_ARGS ?? '').split(' ').filter(Boolean),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL: fake.url,
        AWS_ACCESS_KEY_ID: `AKIA${MANAGEMENT}XXXX`,
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_REGION: REGIONS[0] as string,
        AUDIT_REGIONS: REGIONS.join(','),
        AUDIT_ORG_ROLE_NAME: ROLE,
        // Each replica's share of the units in flight: one that took every unit at once would
        // leave nothing for the other, which starts a few seconds later.
        // ORG_SCAN_UNITS sets it instead (memory against units in flight).
        AUDIT_SCAN_UNITS:
          process.env.ORG_SCAN_UNITS ??
          String(Math.ceil((ACCOUNTS * REGIONS.length) / (MODE === 'one' ? 1 : 2))),
        // Passed on when set: the functions the replica's units in flight may hold together.
        ...(process.env.AUDIT_SCAN_HELD_FUNCTIONS
          ? { AUDIT_SCAN_HELD_FUNCTIONS: process.env.AUDIT_SCAN_HELD_FUNCTIONS }
          : {}),
        DATABASE_URL: databaseUrl,
        REPLICA_ID: name,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  let killed = false;
  const log = join(dir, `${name}.log`);
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Each chunk stamped with the seconds since start, to see where the time goes.
    appendFileSync(log, `[${((performance.now() - start) / 1000).toFixed(1)}] ${chunk.toString()}`);
    if (!killed && killWhen?.(stderr)) {
      killed = true;
      // The node process under /usr/bin/time (our child's child): kill it as a crash would.
      const pid = child.pid as number;
      const node = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
      if (node) process.kill(Number(node), 'SIGKILL');
    }
  });
  return new Promise((resolve) =>
    child.on('exit', (code) =>
      resolve({
        name,
        wallS: (performance.now() - start) / 1000,
        peakRssMb: Number(/maxrss-kb (\d+)/.exec(stderr)?.[1] ?? 0) / 1024,
        cpuS: cpuSeconds(stderr),
        code: killed ? null : code,
        stderr,
      }),
    ),
  );
}

const total = ACCOUNTS * REGIONS.length;
/** Units each replica has done, by its latest progress line. */
const unitsDone = new Map<string, number>();
/** Half the scan done by both replicas together (each counts its own units). */
const halfDone = (name: string, stderr: string) => {
  const done = [...stderr.matchAll(/account-regions (\d+)\//g)].map((m) => Number(m[1]));
  unitsDone.set(name, done.at(-1) ?? 0);
  return [...unitsDone.values()].reduce((a, b) => a + b, 0) >= total / 2;
};
const replicas =
  MODE === 'one'
    ? [await replica('r1')]
    : await Promise.all([
        // r1 is never killed; its progress counts towards the half.
        replica('r1', (stderr) => {
          halfDone('r1', stderr);
          return false;
        }),
        replica('r2', (stderr) => halfDone('r2', stderr) && MODE === 'killed'),
      ]);
const fakeCpuS = processCpuSeconds(fake.process.pid as number);
const counts = await fake.stop();
const store = await openStore(databaseUrl);
const recorded = await store.latestScan();
await store.close();
await postgres?.stop();

// The floor: the slowest unit's own floor. Every unit has the same calls, so a unit's share of a
// regional pool is its calls / units; of IAM's (per account) its calls / accounts.
const pools = callsPerPool(counts.calls);
let floor = 0;
let floorPool = '';
for (const [pool, calls] of pools) {
  const service = pool.slice(0, pool.indexOf(':'));
  const share = isGlobalService(service) ? calls / (ACCOUNTS + 1) : calls / total;
  const seconds = share / (AWS_QUOTAS[pool] as number);
  if (seconds > floor) [floor, floorPool] = [seconds, pool];
}
const wall = Math.max(...replicas.filter((r) => r.code !== null).map((r) => r.wallS));
// What this machine's CPUs allow: every replica is one thread, and all processes share the cores.
const replicaCpuS = replicas.reduce((sum, r) => sum + r.cpuS, 0);
const cpuBound = Math.max(...replicas.map((r) => r.cpuS), (replicaCpuS + fakeCpuS) / availableParallelism());
const expected = ACCOUNTS * REGIONS.length * FUNCTIONS;
const throttled = Object.values(counts.throttled).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify(
    {
      ran: { accounts: ACCOUNTS, regions: REGIONS.length, functionsPerRegion: FUNCTIONS, mode: MODE },
      logs: dir,
      wallS: Number(wall.toFixed(1)),
      floorS: Number(floor.toFixed(1)),
      floorPool,
      ratio: Number((wall / floor).toFixed(2)),
      cpuBoundS: Number(cpuBound.toFixed(1)),
      cpuMsPerCall: {
        replicas: Number(((replicaCpuS * 1000) / counts.total).toFixed(2)),
        fake: Number(((fakeCpuS * 1000) / counts.total).toFixed(2)),
      },
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      replicas: replicas.map((r) => ({
        name: r.name,
        wallS: Number(r.wallS.toFixed(1)),
        peakRssMb: Math.round(r.peakRssMb),
        cpuS: Number(r.cpuS.toFixed(1)),
        exit: r.code ?? 'killed',
        stderr: r.stderr
          .trim()
          .split('\n')
          .filter((l) => !/^(maxrss|Command exited|scanning:)/.test(l))
          .slice(-3),
      })),
      getFunction: counts.calls['lambda:GetFunction'],
      functions: expected,
      readTwice: (counts.calls['lambda:GetFunction'] ?? 0) - expected,
      lost: expected - (recorded?.functions ?? 0),
      throttled,
      throttledBy: counts.throttled,
      recorded: recorded && {
        functions: recorded.functions,
        incomplete: recorded.incomplete,
        failed: recorded.failed,
      },
      totalCalls: counts.total,
      connections: counts.connections,
      fakeCpuS,
      calls: counts.calls,
    },
    null,
    2,
  ),
);
