import { runCommand } from '../commands/index.js';
import type { World } from '../test/fakes/aws/index.js';
import { type Config, loadConfig } from './config.js';
import { createEngine } from './engine.js';
import type { CommandOutput, Engine } from './engine-contract.js';
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

/** The verbs the demo runs on the sample account (the others need a real store, Slack or a queue). */
export const DEMO_VERBS = ['audit', 'triggers', 'role', 'logs', 'scan'] as const;

/** A verb's engine pointed at the sample account, and the environment its regions come from. */
export interface SampleAccount {
  /** Where the fake AWS listens. */
  url: string;
  env: Record<string, string | undefined>;
  makeEngine: (config: Config) => Engine & { close: () => void };
}

/**
 * Serves the sample account on a local fake AWS for as long as `use` runs; with `organization`,
 * the demo organization (the sample account one of its members) as its management account sees
 * it. Imported, not read by path: the build then compiles the fake and copies the sample account
 * into dist/, so the demo runs from the npm package and the Docker image, which ship no test/.
 */
export async function withSampleAccount<T>(
  env: Record<string, string | undefined>,
  use: (sample: SampleAccount) => Promise<T>,
  { organization } = { organization: false },
): Promise<T> {
  const { startFakeAws, parseWorld } = await import('../test/fakes/aws/index.js');
  const sample = await import('../test/fakes/aws/worlds/sample-account.json', { with: { type: 'json' } });
  const world = parseWorld(sample.default, 'sample-account.json');
  // Only the settings that shape output pass through: the user's AWS or account settings would
  // point the demo away from the sample account.
  const shown = { LOG_LEVEL: env.LOG_LEVEL, NO_COLOR: env.NO_COLOR };
  const served = organization ? await demoOrganizationOf(world) : null;
  const fake = await startFakeAws({ world: served?.world ?? world });
  const regions = [...new Set(Object.values(world.accounts).flatMap((a) => Object.keys(a.regions)))];
  const credentials = served?.credentials ?? { accessKeyId: 'AKIDDEMO', secretAccessKey: 'demo' };
  try {
    return await use({
      url: fake.url,
      env: { ...shown, ...(served?.env ?? { AUDIT_REGIONS: regions.join(',') }) },
      makeEngine: (config) => createEngine(config, { endpoint: fake.url, credentials }),
    });
  } finally {
    await fake.close();
  }
}

/** The demo organization, the management account's credentials, and the settings of an organization scan. */
async function demoOrganizationOf(sample: World) {
  const { demoOrganization } = await import('../test/fakes/demo-organization.js');
  const org = await import('../test/fakes/org-world.js');
  return {
    world: demoOrganization(sample),
    credentials: org.MANAGEMENT_CREDENTIALS,
    env: { ...org.ORG_ENV, AUDIT_ORG_EXCLUDE: org.EXCLUDED },
  };
}

/**
 * The main job on embedded defaults: the bundled fake AWS serves a sample account on a local
 * port, and lambda-audit scans it and audits its riskiest function, exactly as it would a real
 * account. Nothing leaves this machine.
 */
export async function runDemo(io: DemoIo): Promise<number> {
  return withSampleAccount(io.env, async (sample) => {
    const engine = sample.makeEngine(loadConfig(sample.env));
    try {
      io.out(`lambda-audit demo: a sample account served by a local fake AWS at ${sample.url}\n\n`);
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
        '\nNext: one verb on the sample account (`lambda-audit demo triggers billing-export`, `demo role\n' +
          'ops-hook`, `demo scan --format sarif`), then `lambda-audit audit <function> --format json|sarif`\n' +
          'against your own account (AWS_REGION and the usual AWS credentials), or `lambda-audit serve` for\n' +
          'Slack. See README.md.\n',
      );
      return 0;
    } finally {
      engine.close();
    }
  });
}
