import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/paths.js';
import type { FakeAws } from '../fakes/aws/index.js';
import { sampleWorld } from '../fakes/sample-world.js';
import { type CliHarness, startCli } from './cli-harness.js';

/**
 * Unknown is not pass, for every permission the bot has: deny each API of iam/bot-policy.json in
 * turn, audit every function of the sample account through the CLI (in-process, the real engine
 * and SDK against the fake), and require that the gap names exactly that API, that no finding
 * appears, disappears or changes severity without it, and that `--fail-on low` exits 3.
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

const verdicts = (report: Report) => new Map(report.findings.map((f) => [f.fingerprint, f.severity]));

async function auditAll() {
  return Promise.all(
    FUNCTIONS.map(async (fn) => ({
      fn,
      ...(await cli.run(
        ['audit', fn.name, '--region', fn.region, '--format', 'json', '--fail-on', 'low'],
        ENV,
      )),
    })),
  );
}

beforeAll(async () => {
  cli = await startCli();
  fake = cli.fake;
  fake.reset();
  for (const { fn, out, code } of await auditAll()) {
    expect(code, fn.name).not.toBe(3);
    baseline.set(fn.name, verdicts(JSON.parse(out) as Report));
  }
  calledByAudits = Object.keys(fake.counts().calls);
}, 60_000); // fifteen audits at once: the default hook timeout is too short on a loaded machine
afterAll(async () => fake.close());

describe('denying one API', () => {
  it('leaves out only the APIs a single audit never calls, each for a stated reason', () => {
    expect(APIS.filter((api) => !calledByAudits.includes(api)).sort()).toEqual(Object.keys(SCAN_ONLY).sort());
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
        for (const { fn, out, code } of await auditAll()) {
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
