import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/paths.js';
import type { FakeAws } from '../fakes/aws/index.js';
import { sampleWorld } from '../fakes/sample-world.js';
import { type CliHarness, startCli } from './cli-harness.js';

/**
 * Unknown is not pass, for every permission the bot has: deny each API of iam/bot-policy.json in
 * turn, audit the functions of the sample account through the CLI (in-process, the real engine
 * and SDK against the fake), and require that the gap names exactly that API, that no finding
 * appears, disappears or changes severity without it, and that `--fail-on low` exits 3.
 *
 * Every (API, function) pair is covered, in two ways. First each function is audited alone with
 * every read allowed, then with every API its audit did not call denied at once. The denials
 * that second audit meets (a denial can change another API's answer: GetFunction leaves out the
 * tags when lambda:ListTags is denied, and the audit then calls ListTags) must each be a gap;
 * when it meets none, it must come out as it did with every read allowed. Then each API is
 * denied alone for the functions whose audit calls or met it: the gap names exactly that API,
 * and no verdict changes without it. (Denying each API alone for all fifteen functions was 645
 * audits; this is about 400.)
 */
const policy = JSON.parse(readFileSync(packagePath('iam', 'bot-policy.json'), 'utf8')) as {
  Statement: { Sid: string; Action: string[] }[];
};
// The reads; the other statement, sts:AssumeRole, is called only for AUDIT_ACCOUNT_ROLES and is
// denied in test/engine-accounts.test.ts.
const APIS = policy.Statement.filter((s) => s.Sid === 'LambdaAuditReadOnly').flatMap((s) => s.Action);

/** APIs only a scan calls (its account-wide reads); they are denied in a scan below. */
const SCAN_ONLY: Record<string, string> = {
  'lambda:ListCodeSigningConfigs': 'a scan reads code signing for the whole region at once',
  'lambda:ListFunctionsByCodeSigningConfig': 'a scan reads code signing for the whole region at once',
  'logs:StartQuery': 'a scan searches every log group with one Logs Insights query',
  'logs:GetQueryResults': 'a scan searches every log group with one Logs Insights query',
};

const ENV = { AWS_REGION: 'eu-central-1', AUDIT_REGIONS: 'eu-central-1,us-east-1' };
const FUNCTIONS = Object.values(sampleWorld().accounts).flatMap((account) =>
  Object.entries(account.regions).flatMap(([region, r]) =>
    (r.functions ?? []).map((f) => ({ name: String(f.Configuration.FunctionName), region })),
  ),
);

interface Report {
  findings: { fingerprint: string; severity: string }[];
  unverified: { api: string; reason: string }[];
}

let fake: FakeAws;
let cli: CliHarness;
/** Each function's findings with every read allowed: fingerprint -> severity. */
const baseline = new Map<string, Map<string, string>>();
let calledByAudits: string[] = [];
/** The APIs each function's audit calls, with every read allowed. */
const calledBy = new Map<string, Set<string>>();
/** Each function's audit with every API it did not call denied, and the denials it met. */
const uncalledDenied = new Map<string, { report: Report; code: number; met: string[] }>();

const verdicts = (report: Report) => new Map(report.findings.map((f) => [f.fingerprint, f.severity]));

type Fn = (typeof FUNCTIONS)[number];

const audit = (fn: Fn) =>
  cli.run(['audit', fn.name, '--region', fn.region, '--format', 'json', '--fail-on', 'low'], ENV);

async function auditAll(functions: readonly Fn[] = FUNCTIONS) {
  return Promise.all(functions.map(async (fn) => ({ fn, ...(await audit(fn)) })));
}

/** The functions whose audit calls `api`, or met it denied with the APIs it does not call. */
const callers = (api: string) =>
  FUNCTIONS.filter((fn) => calledBy.get(fn.name)?.has(api) || uncalledDenied.get(fn.name)?.met.includes(api));

beforeAll(async () => {
  cli = await startCli();
  fake = cli.fake;
  // One at a time, so that the fake's counts say which function's audit called what.
  for (const fn of FUNCTIONS) {
    fake.reset();
    const { out, code } = await audit(fn);
    expect(code, fn.name).not.toBe(3);
    baseline.set(fn.name, verdicts(JSON.parse(out) as Report));
    calledBy.set(fn.name, new Set(Object.keys(fake.counts().calls)));
  }
  calledByAudits = [...new Set([...calledBy.values()].flatMap((apis) => [...apis]))];
  for (const fn of FUNCTIONS) {
    fake.reset();
    fake.setKnobs({ accessDenied: APIS.filter((api) => !calledBy.get(fn.name)?.has(api)) });
    try {
      const { out, code } = await audit(fn);
      const met = Object.keys(fake.counts().denied);
      uncalledDenied.set(fn.name, { report: JSON.parse(out) as Report, code, met });
    } finally {
      fake.setKnobs({ accessDenied: [] });
    }
  }
}, 60_000); // thirty audits: the default hook timeout is too short on a loaded machine
afterAll(async () => fake.close());

describe('denying one API', () => {
  it('leaves out only the APIs a single audit never calls, each for a stated reason', () => {
    expect(APIS.filter((api) => !calledByAudits.includes(api)).sort()).toEqual(Object.keys(SCAN_ONLY).sort());
  });

  it('denying every API an audit does not call: each denial it meets is a gap, else nothing changes', () => {
    for (const fn of FUNCTIONS) {
      const { report, code, met } = uncalledDenied.get(fn.name) ?? { report: null, code: 0, met: [] };
      if (!report) throw new Error(`no audit of ${fn.name}`);
      const gaps = [...new Set(report.unverified.map((g) => g.api))].sort();
      expect(gaps, fn.name).toEqual([...met].sort());
      if (met.length > 0) {
        expect(code, fn.name).toBe(3);
        continue;
      }
      expect(code, fn.name).not.toBe(3);
      expect(verdicts(report), fn.name).toEqual(baseline.get(fn.name));
    }
  });

  it('stops the audit, naming lambda:GetFunction, when the function itself cannot be read', async () => {
    fake.setKnobs({ accessDenied: ['lambda:GetFunction'] });
    try {
      for (const { code, err } of await auditAll()) {
        expect(code).toBe(3);
        expect(err).toContain('lambda:GetFunction');
      }
    } finally {
      fake.setKnobs({ accessDenied: [] });
    }
  });

  it.each(APIS.filter((api) => !(api in SCAN_ONLY) && api !== 'lambda:GetFunction'))(
    '%s: the gap names it, and no verdict changes without it',
    async (api) => {
      fake.setKnobs({ accessDenied: [api] });
      try {
        let named = 0;
        for (const { fn, out, code } of await auditAll(callers(api))) {
          const report = JSON.parse(out) as Report;
          const gaps = [...new Set(report.unverified.map((g) => g.api))];
          expect(
            gaps.filter((g) => g !== api),
            fn.name,
          ).toEqual([]);
          if (gaps.length > 0) {
            named++;
            expect(code, fn.name).toBe(3);
            continue;
          }
          // No gap: the audit saw everything, so every verdict is the one it had with every read.
          expect(verdicts(report), fn.name).toEqual(baseline.get(fn.name));
        }
        expect(named).toBeGreaterThan(0);
      } finally {
        fake.setKnobs({ accessDenied: [] });
      }
    },
  );

  it.each(Object.keys(SCAN_ONLY))('%s in a scan: the gap names it and --fail-on low exits 3', async (api) => {
    fake.setKnobs({ accessDenied: [api] });
    try {
      const { code, out } = await cli.run(['scan', '--format', 'json', '--fail-on', 'low'], ENV);
      const scan = JSON.parse(out) as { functions: Report[] };
      const gaps = new Set(scan.functions.flatMap((r) => r.unverified.map((g) => g.api)));
      expect([...gaps]).toEqual([api]);
      expect(code).toBe(3);
    } finally {
      fake.setKnobs({ accessDenied: [] });
    }
  });
});
