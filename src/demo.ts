import { runCommand } from '../commands/index.js';
import { loadConfig } from './config.js';
import { createEngine } from './engine.js';
import type { CommandOutput } from './engine-contract.js';
import { UsageError } from './errors.js';
import type { ScanReport } from './model.js';
import { packagePath } from './paths.js';

/** The demo's sample account in the repository (tests load it from here). */
export const SAMPLE_WORLD = packagePath('test', 'fakes', 'aws', 'worlds', 'sample-account.json');

/** The digest the schedule would post after this scan, from a store that lives in memory. */
async function digestOf(scan: ScanReport): Promise<string> {
  const { openStore } = await import('./store/open.js');
  const { buildDigest, renderDigestText } = await import('./schedule/index.js');
  const store = await openStore(':memory:');
  try {
    await store.recordScan(scan);
    return renderDigestText(await buildDigest(store, null), { listLimit: 12 });
  } finally {
    await store.close();
  }
}

/** Where the demo writes, and how the CLI shows a verb's output (the demo shows it the same way). */
export interface DemoIo {
  out: (text: string) => void;
  env: Record<string, string | undefined>;
  show: (output: CommandOutput) => string;
}

/**
 * The main job on embedded defaults: the bundled fake AWS serves a sample account on a local
 * port, and lambda-audit scans it and audits its riskiest function, exactly as it would a real
 * account. Nothing leaves this machine.
 */
export async function runDemo(args: readonly string[], io: DemoIo): Promise<number> {
  if (args.length > 0) throw new UsageError(`demo takes no arguments (got '${args.join(' ')}')`);
  // Imported, not read by path: the build then compiles the fake and copies the sample account
  // into dist/, so the demo runs from the npm package and the Docker image, which ship no test/.
  const { startFakeAws, parseWorld } = await import('../test/fakes/aws/index.js');
  const sample = await import('../test/fakes/aws/worlds/sample-account.json', { with: { type: 'json' } });
  const world = parseWorld(sample.default, 'sample-account.json');
  const fake = await startFakeAws({ world });
  const regions = [...new Set(Object.values(world.accounts).flatMap((a) => Object.keys(a.regions)))];
  const config = { ...loadConfig({ LOG_LEVEL: io.env.LOG_LEVEL }), regions };
  const engine = createEngine(config, {
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDDEMO', secretAccessKey: 'demo' },
  });
  try {
    io.out(`lambda-audit demo: a sample account served by a local fake AWS at ${fake.url}\n\n`);
    const scan = await runCommand(['scan'], engine);
    io.out(`${io.show(scan)}\n`);
    if (scan.kind === 'scan') {
      io.out(`\n${await digestOf(scan.report)}\n`);
      const riskiest = scan.report.functions[0];
      if (riskiest) {
        io.out(`\nThe full audit of ${riskiest.function.name}:\n\n`);
        const audit = await runCommand([riskiest.function.arn], engine);
        io.out(`${io.show(audit)}\n`);
      }
    }
    io.out(
      '\nNext: `lambda-audit audit <function> --format json|sarif` against your own account (AWS_REGION and\n' +
        'the usual AWS credentials), or `lambda-audit serve` for Slack. See README.md.\n',
    );
    return 0;
  } finally {
    engine.close();
    await fake.close();
  }
}
