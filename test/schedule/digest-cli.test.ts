import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedSummary, recordScanCli, runDigestCli } from '../../commands/digest.js';
import { loadConfig } from '../../src/config.js';
import { createEngine, type RunningEngine } from '../../src/engine.js';
import { UsageError } from '../../src/errors.js';
import { openStore } from '../../src/store/open.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { firstWorld, REGION, secondWorld } from './worlds.js';

let aws: FakeAws;
let engine: RunningEngine;

beforeAll(async () => {
  aws = await startFakeAws({ world: firstWorld() });
  engine = createEngine(loadConfig({ AWS_REGION: REGION }), {
    endpoint: aws.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});
afterAll(async () => {
  engine.close();
  await aws.close();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), isTty: false } };
}

describe('lambda-audit digest --dry-run', () => {
  it('prints the digest against the stored state and stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-cli-'));
    const url = `file:${join(dir, 'data', 'audit.db')}`;
    const config = { ...loadConfig({ AWS_REGION: REGION }), databaseUrl: url };

    // Nothing stored yet: the dry run does not even create the file.
    const empty = io();
    expect(await runDigestCli(['--dry-run'], empty.io, { config, engine })).toBe(0);
    expect(empty.out.join('')).toContain('Other open findings (first digest)');
    expect(existsSync(join(dir, 'data', 'audit.db'))).toBe(false);

    // `lambda-audit scan` stores the first world ...
    aws.setWorld(firstWorld());
    const recorded = await recordScanCli(await engine.scan([REGION]), { databaseUrl: url });
    expect(recordedSummary(recorded)).toMatch(/^stored scan #1: \d+ new, 0 fixed$/);

    // ... and the dry run over the second world shows the change, leaving the store as it was.
    aws.setWorld(secondWorld());
    const second = io();
    expect(await runDigestCli(['--dry-run'], second.io, { config, engine, format: 'json' })).toBe(0);
    const digest = JSON.parse(second.out.join(''));
    expect(digest.fixedFindings.map((f: { check: string }) => f.check)).toEqual(['policy-public-invoke']);
    const store = await openStore(url);
    expect((await store.findings({ states: ['fixed'] })).length).toBe(0);
    expect((await store.latestScan())?.id).toBe(1);
    await store.close();
  });

  it.each([
    [[], /--dry-run/],
    [['--dry-run', 'orders-api'], /no function name/],
    [['--dry-run', '--region', 'mars-1'], /not an AWS region/],
    [['--dry-run', '--bogus'], /bogus/],
  ])('rejects %j with a usage error', async (args, message) => {
    const config = { ...loadConfig({ AWS_REGION: REGION }), databaseUrl: ':memory:' };
    await expect(runDigestCli(args, io().io, { config, engine })).rejects.toThrow(UsageError);
    await expect(runDigestCli(args, io().io, { config, engine })).rejects.toThrow(message);
  });
});
