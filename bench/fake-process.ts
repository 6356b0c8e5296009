import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { packagePath } from '../src/paths.js';

export interface FakeCounts {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  denied: Record<string, number>;
  failed: Record<string, number>;
  total: number;
  connections: number;
}

/**
 * Starts the fake AWS in a process of its own, as AWS would be: its work must not share the
 * benchmark's event loop. Resolves with its URL once it listens.
 */
export async function startFakeProcess(
  worldPath: string,
  options: { latencyMs: number; lastAccessedPolls?: number; knobs?: object; nodeArgs?: string[] },
): Promise<{ url: string; process: ChildProcess; stop: () => Promise<FakeCounts> }> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      packagePath('test/fakes/aws/main.ts'),
      worldPath,
      '0',
      '--latency-ms',
      String(options.latencyMs),
      '--last-accessed-polls',
      String(options.lastAccessedPolls ?? 0),
      ...(options.knobs ? ['--knobs', JSON.stringify(options.knobs)] : []),
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  const stop = async () => {
    const counts = once(lines, 'line');
    child.kill('SIGTERM');
    return JSON.parse(((await counts) as [string])[0]) as FakeCounts;
  };
  return { url: line.trim(), process: child, stop };
}
