/**
 * The whole way through: a signed /lambda-audit request into the real Bolt app, the real engine
 * auditing through the AWS SDK against the fake AWS, the answer at the fake Slack's response_url.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { jsonLogger } from '../../src/log.js';
import { EVENTS_PATH } from '../../src/slack/app.js';
import { type ServeHandle, serve } from '../../src/slack/serve.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { CREDENTIALS, REGION, testWorld } from '../fakes/aws/test-world.js';
import { type FakeSlack, sendSlashCommand, startFakeSlack } from '../fakes/slack/index.js';
import { SECRET, testConfig } from './harness.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakes(latencyMs = 0): Promise<{ aws: FakeAws; slack: FakeSlack }> {
  const aws = await startFakeAws({ world: testWorld(), latencyMs });
  const slack = await startFakeSlack();
  cleanups.push(
    () => aws.close(),
    () => slack.close(),
  );
  return { aws, slack };
}

function answerAt(slack: FakeSlack, id: string, timeoutMs = 10_000) {
  return slack.waitFor(() => slack.responsesTo(id)[0], timeoutMs);
}

describe('serve with the real engine and the fake AWS', () => {
  it('acks at once and answers /lambda-audit orders-api with the audit in Block Kit', async () => {
    const { aws, slack } = await fakes(50);
    const config = testConfig(slack, { AUDIT_REGIONS: REGION });
    const engine = createEngine(config, { endpoint: aws.url, credentials: CREDENTIALS });
    const handle: ServeHandle = await serve(config, engine, { log: jsonLogger('error', () => {}) });
    cleanups.push(
      () => engine.close(),
      () => handle.stop(),
    );
    const url = `http://127.0.0.1:${handle.port}${EVENTS_PATH}`;

    const sent = await sendSlashCommand(url, SECRET, {
      text: 'orders-api',
      response_url: `${slack.url}/response/e2e`,
    });
    expect(sent.status).toBe(200);
    // The ack does not wait for the audit (how fast it is, is measured in bench/slack-ack.ts).
    expect(slack.responses).toEqual([]);

    const answer = await answerAt(slack, 'e2e');
    const text = JSON.stringify(answer.body);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(text).toContain('Lambda audit: orders-api');
    expect(text).toContain('123456789012');
    // The test world's orders-api is public (Principal *) and has a NONE-auth URL.
    expect(text).toMatch(/CRITICAL|HIGH/);
    expect(text).toContain('*Who can invoke it*');
    expect(aws.counts().total).toBeGreaterThan(0);
  });

  it('answers an unknown function with what to do', async () => {
    const { aws, slack } = await fakes();
    const config = testConfig(slack, { AUDIT_REGIONS: REGION });
    const engine = createEngine(config, { endpoint: aws.url, credentials: CREDENTIALS });
    const handle = await serve(config, engine, { log: jsonLogger('error', () => {}) });
    cleanups.push(
      () => engine.close(),
      () => handle.stop(),
    );
    await sendSlashCommand(`http://127.0.0.1:${handle.port}${EVENTS_PATH}`, SECRET, {
      text: 'no-such-function',
      response_url: `${slack.url}/response/nf`,
    });
    const answer = await answerAt(slack, 'nf');
    expect(JSON.stringify(answer.body)).toContain('Check the name');
  });
});

describe('lambda-audit serve as a process', () => {
  it('starts from the environment and answers a signed request', async () => {
    const { aws, slack } = await fakes();
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: new URL('../..', import.meta.url),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 15_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /"msg":"listening".*?"port":(\d+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr}`)));
    });
    const sent = await sendSlashCommand(`http://127.0.0.1:${port}${EVENTS_PATH}`, SECRET, {
      text: 'orders-api',
      response_url: `${slack.url}/response/proc`,
    });
    expect(sent.status).toBe(200);
    const answer = await answerAt(slack, 'proc');
    expect(JSON.stringify(answer.body)).toContain('Lambda audit: orders-api');
  });

  it('a missing SLACK_SIGNING_SECRET stops start-up with one line naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: new URL('../..', import.meta.url),
      env: { PATH: process.env.PATH, AWS_REGION: REGION, SLACK_BOT_TOKEN: 'xoxb-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/SLACK_SIGNING_SECRET: required for serve/),
    ]);
  });
});
