/**
 * `lambda-audit <verb>` as a child process (through tsx, from the sources), with only the
 * environment a test gives it, pointed at a fake AWS. For tests of what starts from the
 * environment: `serve`, `watch`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { CREDENTIALS, REGION } from '../fakes/aws/test-world.js';

export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once `probe` holds; rejects (with stderr) on timeout or if the process exits first. */
  waitFor(probe: (p: CliProcess) => boolean, timeoutMs: number, what: string): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** What points the CLI's SDK clients at a fake AWS, as static credentials of its default account. */
export function fakeAwsEnv(awsUrl: string): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: awsUrl,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  };
}

export function startCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: new URL('../..', import.meta.url),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const cli: CliProcess = {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    async waitFor(probe, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!probe(cli)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${what}:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      return child.exitCode;
    },
  };
  return cli;
}
