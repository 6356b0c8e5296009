/** The CLI's words, end to end against the fake AWS: verbs, typos, help, version, focused views. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/paths.js';
import { type CliHarness, startCli } from './cli-harness.js';

let cli: CliHarness;
beforeAll(async () => {
  cli = await startCli();
});
afterAll(async () => cli.fake.close());

const VERSION = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string })
  .version;

describe('the CLI words', () => {
  it.each([['version'], ['--version'], ['-v']])('%s prints the version from package.json', async (word) => {
    expect(await cli.run([word])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  it('says "unknown command" for a word that is no verb and no function, with the verbs (exit 2)', async () => {
    const { code, out, err } = await cli.run(['frobnicate']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^lambda-audit: unknown command 'frobnicate' \(and function frobnicate not found in eu-central-1\)/,
    );
    expect(err).toContain(
      'Verbs: audit, triggers, role, logs, scan, snoozed, help, digest, demo, serve, watch, version',
    );
  });

  it.each([
    ['scna', 'scan'],
    ['audti', 'audit'],
    ['trigers', 'triggers'],
    ['versoin', 'version'],
  ])('asks "did you mean" for the near miss %s, without calling AWS', async (typo, verb) => {
    const before = cli.fake.counts().total;
    const { code, err } = await cli.run([typo]);
    expect(code).toBe(2);
    expect(err).toContain(`unknown command '${typo}'; did you mean '${verb}'?`);
    expect(err).toContain(`lambda-audit audit ${typo}`);
    expect(cli.fake.counts().total).toBe(before);
  });

  it('still audits a bare function name, as `audit <name>`', async () => {
    const bare = await cli.run(['ops-hook', '--format', 'json']);
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.out).function.name).toBe('ops-hook');
  });

  it('calls a word that cannot be a function name an unknown command', async () => {
    const { code, err } = await cli.run(['what/is/this']);
    expect(code).toBe(2);
    expect(err).toMatch(/^lambda-audit: unknown command 'what\/is\/this'\. Verbs: /);
  });

  it.each([
    ['audit', true],
    ['scan', true],
    ['triggers', true],
    ['snoozed', false],
  ])('help %s prints that verb, its --format and, where it applies, --fail-on', async (verb, failOn) => {
    const viaHelp = await cli.run(['help', verb]);
    const viaFlag = await cli.run([verb, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toBe(viaFlag.out);
    expect(viaHelp.out).toMatch(new RegExp(`^lambda-audit ${verb}`));
    expect(viaHelp.out).toContain('--format');
    expect(viaHelp.out.includes('--fail-on')).toBe(failOn);
    expect(viaHelp.out).not.toContain('Exit codes');
  });

  it('help with an unknown verb is a usage error', async () => {
    const { code, err } = await cli.run(['help', 'frob']);
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'frob'");
  });

  it('triggers prints who can invoke the function, not the whole audit', async () => {
    const audit = await cli.run(['audit', 'ops-hook']);
    const { code, out } = await cli.run(['triggers', 'ops-hook']);
    expect(code).toBe(0);
    expect(out).toContain('Who can invoke it');
    expect(out).toContain('Invocation paths');
    expect(out).toContain('policy-public-invoke');
    expect(out).toMatch(/^Exposure findings: /m);
    // The audit's other sections and findings are not in the focused view.
    expect(audit.out).toContain('Logs');
    expect(out).not.toMatch(/^Logs$/m);
    expect(audit.out).toMatch(/role-/);
    expect(out).not.toMatch(/^(CRITICAL|HIGH|MEDIUM|LOW|INFO) +role-/m);
  });

  it('logs prints the log group, recent errors and logging findings alone', async () => {
    const { code, out } = await cli.run(['logs', 'ops-hook', '--since', '2h']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Logs$/m);
    expect(out).toMatch(/group \/aws\/lambda\/ops-hook/);
    expect(out).not.toContain('Who can invoke it');
    expect(out).not.toMatch(/^(CRITICAL|HIGH|MEDIUM|LOW|INFO) +(policy|url|role)-/m);
  });

  it('demo scans the sample account it imports (so the build ships it in dist/), then the digest and an audit', async () => {
    const { code, out } = await cli.run(['demo'], {});
    expect(code).toBe(0);
    expect(out).toContain('Scan of 15 function(s) in eu-central-1, us-east-1');
    expect(out).toContain('Lambda audit digest');
    expect(out).toContain('The full audit of billing-export');
  });

  it('demo runs one verb on the sample account in the format asked, and keeps its scan out of the store', async () => {
    const triggers = await cli.run(['demo', 'triggers', 'billing-export', '--format', 'json'], {});
    expect(triggers.code).toBe(0);
    const report = JSON.parse(triggers.out) as { exposure: string; paths: { kind: string; reach: string }[] };
    expect(report.exposure).toBe('internet-open');
    expect(report.paths).toContainEqual(
      expect.objectContaining({ kind: 'apigateway-rest', reach: 'public' }),
    );
    const scan = await cli.run(['demo', 'scan', '--format', 'sarif'], {});
    expect(JSON.parse(scan.out)).toMatchObject({ version: '2.1.0' });
    expect(scan.err).not.toMatch(/stored|not stored/);
  });

  it('demo scan --org scans the demo organization: its members found through Organizations, and the account whose role is refused as a loud gap (exit 3)', async () => {
    const { code, out } = await cli.run(['demo', 'scan', '--org', '--format', 'json'], {});
    expect(code).toBe(3);
    const scan = JSON.parse(out) as {
      functions: { function: { accountId: string; region: string } }[];
      summary: { failed: { function: string; region: string; reason: string }[] };
    };
    const where = new Set(scan.functions.map((f) => `${f.function.accountId}/${f.function.region}`));
    // The sample account, a member with an opt-in region, and the bot's own account.
    expect(where).toEqual(
      new Set([
        '123456789012/eu-central-1',
        '123456789012/us-east-1',
        '222222222222/eu-central-1',
        '222222222222/ap-east-1',
        '111111111111/eu-central-1',
      ]),
    );
    expect(scan.summary.failed).toEqual([
      expect.objectContaining({
        function: '*',
        reason: expect.stringContaining(
          '333333333333: sts:AssumeRole: could not assume arn:aws:iam::333333333333:role/lambda-audit',
        ),
      }),
    ]);
  });

  it('demo refuses a verb it cannot run on the sample account, and a tour in JSON (exit 2)', async () => {
    const serve = await cli.run(['demo', 'serve'], {});
    expect(serve.code).toBe(2);
    expect(serve.err).toContain('demo runs one of audit, triggers, role, logs, scan on the sample account');
    const json = await cli.run(['demo', '--format', 'json'], {});
    expect(json.code).toBe(2);
    expect(json.err).toContain('lambda-audit demo scan --format json');
  });

  it('keeps the JSON report for triggers and logs', async () => {
    const { out } = await cli.run(['triggers', 'ops-hook', '--format', 'json']);
    expect(Object.keys(JSON.parse(out))).toContain('findings');
  });
});
