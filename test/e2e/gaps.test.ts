import { afterEach, describe, expect, it } from 'vitest';
import { cliForTests } from './cli-harness.js';

/** Gaps reach the exit code, stderr and SARIF: a CI gate never reads "could not look" as clean. */
const cli = cliForTests();
const { run } = cli;
afterEach(() => cli.fake.setKnobs({ accessDenied: [] }));

interface Notification {
  level: string;
  descriptor: { id: string };
  properties: { api?: string; functions?: number };
}
interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: Notification[];
}

function invocation(sarif: string): SarifInvocation {
  return (JSON.parse(sarif) as { runs: { invocations: SarifInvocation[] }[] }).runs[0]!.invocations[0]!;
}

describe.each([
  ['audit', ['audit', 'ops-hook']],
  ['scan', ['scan']],
])('%s with lambda:GetPolicy denied', (_verb, argv) => {
  it('exits 3 under --fail-on, naming the missing permission on stderr', async () => {
    cli.fake.setKnobs({ accessDenied: ['lambda:GetPolicy'] });
    const { code, err } = await run([...argv, '--fail-on', 'critical']);
    expect(code).toBe(3);
    expect(err).toMatch(
      /reads? failed in \d+ functions? \(lambda:GetPolicy\): what they cover is unverified/,
    );
  });

  it('exits on findings alone with --allow-gaps, still saying the gaps', async () => {
    cli.fake.setKnobs({ accessDenied: ['lambda:GetPolicy'] });
    const { code, err } = await run([...argv, '--fail-on', 'low', '--allow-gaps']);
    expect(code).toBe(1);
    expect(err).toContain('lambda:GetPolicy');
  });

  it('exits 0 without --fail-on, and says how many gaps on stderr', async () => {
    cli.fake.setKnobs({ accessDenied: ['lambda:GetPolicy'] });
    const { code, err } = await run(argv);
    expect(code).toBe(0);
    expect(err).toMatch(/^lambda-audit: \d+ reads? failed in \d+ functions? /m);
  });

  it('marks the SARIF run unsuccessful with an error naming the missing API', async () => {
    cli.fake.setKnobs({ accessDenied: ['lambda:GetPolicy'] });
    const sarif = invocation((await run([...argv, '--format', 'sarif'])).out);
    expect(sarif.executionSuccessful).toBe(false);
    const errors = sarif.toolExecutionNotifications.filter((n) => n.level === 'error');
    expect(errors.map((n) => n.properties.api)).toEqual(['lambda:GetPolicy']);
    expect(errors[0]?.descriptor.id).toBe('missing-api');
  });

  it('is clean and successful when every read succeeds', async () => {
    const sarif = invocation((await run([...argv, '--format', 'sarif'])).out);
    expect(sarif.executionSuccessful).toBe(true);
    const { err } = await run(argv);
    expect(err).not.toMatch(/failed in/);
  });
});

it('names the permission that was denied, not the call after it', async () => {
  cli.fake.setKnobs({ accessDenied: ['iam:GenerateServiceLastAccessedDetails'] });
  const { out } = await run(['audit', 'billing-export', '--format', 'json']);
  const unverified = (JSON.parse(out) as { unverified: { api: string }[] }).unverified;
  expect(unverified.map((g) => g.api)).toEqual(['iam:GenerateServiceLastAccessedDetails']);
});
