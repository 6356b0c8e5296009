/**
 * CPU time of the role checks (every `role-*` check, the least-privilege proposal included) on
 * three roles: ten attached customer policies of ~6,000 characters each, AdministratorAccess, and
 * PowerUserAccess. Run: npx tsx bench/role-checks.ts
 *
 * Cold: a fresh process per run, the action catalog not yet read (its loading is counted);
 * module loading is not; the median of COLD_RUNS processes. Warm: the same process afterwards,
 * on a role of another account each time, so the role is analysed anew while the catalog and
 * pattern caches stay loaded (as in a scan). CPU time (process.cpuUsage), not wall time: the
 * machine may be shared. Goal: under 100 ms CPU cold, under 20 ms warm.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runChecks } from '../src/checks/check.js';
import { checks } from '../src/checks/index.js';
import type { AttachedManagedPolicy, PolicyStatement } from '../src/model.js';
import { makeContext } from '../test/fixtures/snapshot.js';
import { MANAGED } from '../test/iam/fixtures/managed.js';
import { attach, withPolicies } from '../test/iam/fixtures/role.js';

const ROLE_CHECKS = checks.filter((c) => c.id.startsWith('role-'));
const WARM_RUNS = 30;
const COLD_RUNS = 5;
const SERVICES = [
  's3',
  'dynamodb',
  'sqs',
  'sns',
  'kms',
  'secretsmanager',
  'ssm',
  'events',
  'kinesis',
  'lambda',
];
const VERBS = ['Get*', 'List*', 'Describe*', 'Put*', 'Update*', 'Delete*', 'Create*', 'Tag*'];

/** A customer policy of about 6,000 characters: scoped statements, wildcards, a Deny, conditions. */
function bulkyPolicy(account: string, n: number): AttachedManagedPolicy {
  const statements: PolicyStatement[] = [];
  for (let i = 0; statements.length < 200 && JSON.stringify(statements).length < 5_800; i++) {
    const service = SERVICES[(i + n) % SERVICES.length]!;
    statements.push({
      Sid: `S${n}x${i}`,
      Effect: i % 9 === 8 ? 'Deny' : 'Allow',
      Action: [`${service}:${VERBS[i % VERBS.length]}`, `${service}:${VERBS[(i + 3) % VERBS.length]}`],
      Resource: [
        `arn:aws:${service}:eu-central-1:${account}:orders-${n}-${i}*`,
        `arn:aws:${service}:*:${account}:team-${i}/*`,
      ],
      ...(i % 5 === 0 ? { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-central-1' } } } : {}),
    });
  }
  return {
    PolicyName: `bulky-${n}`,
    PolicyArn: `arn:aws:iam::${account}:policy/bulky-${n}`,
    DefaultVersionId: 'v1',
    document: { Version: '2012-10-17', Statement: statements },
  };
}

const ROLES: Record<string, (account: string) => AttachedManagedPolicy[]> = {
  'ten 6,000-character policies': (account) => Array.from({ length: 10 }, (_, n) => bulkyPolicy(account, n)),
  AdministratorAccess: () => [attach(MANAGED.AdministratorAccess)],
  PowerUserAccess: () => [attach(MANAGED.PowerUserAccess)],
};

/** CPU milliseconds (user + system) of one run of the role checks on a role of `account`. */
function measure(role: string, account: string): number {
  const snapshot = withPolicies(ROLES[role]!(account));
  snapshot.role = { ...snapshot.role!, Arn: `arn:aws:iam::${account}:role/orders-api-role` };
  const start = process.cpuUsage();
  runChecks(ROLE_CHECKS, snapshot, makeContext());
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (process.argv[2] === '--cold') {
  process.stdout.write(String(measure(process.argv[3]!, '123456789012')));
} else {
  console.log(`role checks (${ROLE_CHECKS.length}), CPU ms; goal < 100 cold, < 20 warm`);
  for (const role of Object.keys(ROLES)) {
    const script = fileURLToPath(import.meta.url);
    const cold = median(
      Array.from({ length: COLD_RUNS }, () =>
        Number(execFileSync('npx', ['tsx', script, '--cold', role], { encoding: 'utf8' })),
      ),
    );
    for (let i = 0; i < 5; i++) measure(role, String(210000000000 + i));
    const warm = Array.from({ length: WARM_RUNS }, (_, i) => measure(role, String(300000000000 + i)));
    console.log(
      `${role.padEnd(30)} cold median ${cold.toFixed(1).padStart(7)}  warm median ${median(warm).toFixed(1).padStart(6)}  max ${Math.max(
        ...warm,
      )
        .toFixed(1)
        .padStart(6)}`,
    );
  }
}
