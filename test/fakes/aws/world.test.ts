import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { clients, testWorld } from './test-world.js';
import { loadWorld, parseWorld, resolveTime, WorldError } from './world.js';

describe('world loading', () => {
  it('accepts the test world and a file written from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-aws-'));
    const path = join(dir, 'world.json');
    writeFileSync(path, JSON.stringify(testWorld(3)));
    expect(loadWorld(path)).toEqual(testWorld(3));
  });

  it.each([
    [{}, 'world.accounts: expected an object'],
    [{ accounts: { '12': { regions: {} } } }, 'account ids are 12 digits'],
    [
      { accounts: { '123456789012': { regions: { 'eu-west-1': { functions: [{ Configuration: {} }] } } } } },
      'world.accounts["123456789012"].regions.eu-west-1.functions[0].Configuration.FunctionName: expected a non-empty string',
    ],
    [
      {
        accounts: {
          '123456789012': {
            regions: { r: { logGroups: [{ logGroupName: 'g', events: [{ message: 'x' }] }] } },
          },
        },
      },
      'events[0].timestamp: expected a number',
    ],
    [{ defaultAccount: '999999999999', accounts: {} }, 'defaultAccount: 999999999999 is not in accounts'],
  ])('names the path of a mistake (%#)', (raw, message) => {
    expect(() => parseWorld(raw)).toThrow(WorldError);
    expect(() => parseWorld(raw)).toThrow(message);
  });

  it('resolves negative times relative to load time', () => {
    expect(resolveTime(-1000, 10_000).getTime()).toBe(9_000);
    expect(resolveTime(5, 10_000).getTime()).toBe(5);
    expect(resolveTime('2024-01-01T00:00:00Z', 0).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('main (the CLI entry)', () => {
  it('serves a world file and prints its URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-aws-'));
    const path = join(dir, 'world.json');
    writeFileSync(path, JSON.stringify(testWorld()));
    const child = execFile(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), path]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once('exit', (code) => reject(new Error(`main exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sts = clients.sts(url);
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
      sts.destroy();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
