import { afterAll, beforeAll } from 'vitest';
import { main } from '../../src/cli.js';
import type { Config } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import type { FakeAws, FakeAwsOptions } from '../fakes/aws/index.js';
import { startSampleAws } from '../fakes/sample-world.js';

/** Pacing under AWS's quotas has tests of its own; here it would only slow the CLI down. */
export const LIFTED_QUOTAS = { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000 };

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface CliHarness {
  fake: FakeAws;
  /** Runs the CLI in-process with the real engine and SDK against the fake. */
  run(argv: string[], env?: Record<string, string>): Promise<CliRun>;
}

/** The fake AWS on the sample account, and the CLI pointed at it. */
export async function startCli(options: Omit<FakeAwsOptions, 'world'> = {}): Promise<CliHarness> {
  const { fake, aws } = await startSampleAws({ lastAccessedPolls: 0, ...options });
  const engineFor = (config: Config) => createEngine(config, aws, { quotas: LIFTED_QUOTAS });
  return {
    fake,
    async run(argv, given = { AWS_REGION: 'eu-central-1' }) {
      const env = { DATABASE_URL: ':memory:', ...given };
      let out = '';
      let err = '';
      const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), isTty: false, env };
      const code = await main(argv, io, engineFor);
      return { code, out, err };
    },
  };
}

/** The harness for a test file: started before its tests, closed after them. */
export function cliForTests(options: Omit<FakeAwsOptions, 'world'> = {}): CliHarness {
  let started: CliHarness | undefined;
  beforeAll(async () => {
    started = await startCli(options);
  });
  afterAll(async () => started?.fake.close());
  const get = (): CliHarness => {
    if (!started) throw new Error('the CLI harness starts in beforeAll');
    return started;
  };
  return {
    get fake() {
      return get().fake;
    },
    run: (argv, env) => get().run(argv, env),
  };
}
