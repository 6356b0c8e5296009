/**
 * How long the secret detectors take on the worst input shape for each of them, at 4 KB (a
 * whole Lambda environment), 64 KB and 256 KB (CloudWatch's largest log line). Every detector is
 * linear, so time grows with size, not with its square.
 * Run: npx tsx bench/secret-shapes.ts
 */
import { classifyLogLine } from '../src/collect/log-errors.js';
import { findSecretVariables, redact, redactLogLine } from '../src/secrets.js';

/** Inputs that make a backtracking pattern rescan the rest of the text from every start. */
export const WORST_SHAPES: Record<string, (size: number) => string> = {
  'word (no delimiter)': (n) => 'a'.repeat(n),
  'aws-access-key-id': (n) => 'AKIA'.repeat(n / 4),
  'private-key': (n) => `-----BEGIN ${'A'.repeat(n)}`,
  jwt: (n) => 'eyJ'.repeat(n / 3),
  'slack-token': (n) => 'xoxb-'.repeat(n / 5),
  'github-token': (n) => 'ghp_'.repeat(n / 4),
  'github-pat': (n) => 'github_pat_'.repeat(n / 11),
  'stripe-live-key': (n) => 'sk_live_'.repeat(n / 8),
  'url-password scheme': (n) => 'a://'.repeat(n / 4),
  'url-password value': (n) => `a://u:${'p'.repeat(n)}`,
  'conn-password': (n) => `password${' '.repeat(n)}`,
  'secret-assignment keys': (n) => 'password'.repeat(n / 8),
  'secret-assignment spaces': (n) => `token${' '.repeat(n)}x`,
  bearer: (n) => `Bearer ${' '.repeat(n)}`,
  'exception word': (n) => `${'a'.repeat(n)} `,
};

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = [4_096, 65_536, 262_144];
  console.log(
    `shape; ${sizes.map((s) => `redact ${s / 1024} KB (ms)`).join('; ')}; env 4 KB (ms); log line 256 KB (ms)`,
  );
  for (const [name, shape] of Object.entries(WORST_SHAPES)) {
    const redactMs = sizes.map((size) => time(() => redact(shape(size))).toFixed(1));
    const envMs = time(() => findSecretVariables({ DB_PASSWORD_TOKEN: shape(4_096) })).toFixed(1);
    const line = shape(262_144);
    const lineMs = time(() => {
      classifyLogLine(line);
      redactLogLine(line);
    }).toFixed(1);
    console.log(`${name}; ${redactMs.join('; ')}; ${envMs}; ${lineMs}`);
  }
}
