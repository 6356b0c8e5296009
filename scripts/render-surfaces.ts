/**
 * Renders every Slack surface lambda-audit produces, from its real payload, into a PNG a person
 * can look at: the sample account is served by the local fake AWS, scanned and audited by the
 * real engine, rendered by the real Block Kit builders, drawn by a small HTML approximation of
 * Block Kit (scripts/block-kit-html.ts) and screenshotted with headless Chromium.
 *
 * Run: npx tsx scripts/render-surfaces.ts [out-dir]   (default out/surfaces, gitignored)
 * Needs Chromium: /usr/bin/chromium (apt-get install -y chromium), or CHROMIUM=/path/to/it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand } from '../commands/index.js';
import { accountReport } from '../src/account-audit.js';
import { loadConfig } from '../src/config.js';
import { SAMPLE_WORLD } from '../src/demo.js';
import { createEngine } from '../src/engine.js';
import type { CommandOutput, ScanProgress } from '../src/engine-contract.js';
import { groupByCheck } from '../src/render/audit-blocks.js';
import { type BlockOptions, renderBlocks } from '../src/render/blocks.js';
import { auditPickerModal, renderHome } from '../src/render/home-blocks.js';
import { renderScanProgress, type ScanProgressView } from '../src/render/scan-progress-blocks.js';
import { buildDigest, renderDigestBlocks } from '../src/schedule/index.js';
import { acceptModal, snoozeModal } from '../src/slack/actions/modals.js';
import type { ActionContext } from '../src/slack/actions/origin.js';
import { homeData } from '../src/slack/home.js';
import { openStore } from '../src/store/open.js';
import { loadWorld, startFakeAws, type World } from '../test/fakes/aws/index.js';
import {
  EXCLUDED,
  EXTERNAL_ID,
  MANAGEMENT_CREDENTIALS,
  REGION as ORG_REGION,
  orgWorld,
  ROLE_NAME,
} from '../test/fakes/org-world.js';
import { type Surface, surfaceHtml } from './block-kit-html.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = resolve(process.argv[2] ?? 'out/surfaces');
const KEY = 'k3Yk3Yk3Yk3Yk3Yk';
const OPTIONS: BlockOptions = { moreKey: KEY, actions: { ticket: true, key: KEY } };

type Json = Record<string, unknown>;

function chromium(profile: string, args: string[]): string {
  return execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
  );
}

/** The page's height, measured by Chromium itself (a script writes it into the DOM), then the shot. */
function screenshot(name: string, surface: Surface, profile: string): void {
  const measure =
    '<script>document.body.dataset.h = Math.ceil(document.body.getBoundingClientRect().height)</script>';
  const html = surfaceHtml(surface).replace('</body>', `${measure}</body>`);
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, html);
  const dom = chromium(profile, [
    '--window-size=820,400',
    '--virtual-time-budget=2000',
    '--dump-dom',
    `file://${file}`,
  ]);
  // Below about 200 px, headless Chromium's screenshot leaves the page out (a blank image).
  const measured = Number(/data-h="(\d+)"/.exec(dom)?.[1] ?? 1200) + 8;
  const height = Math.min(16_000, Math.max(200, measured));
  const width = surface.kind === 'modal' ? 570 : 820;
  chromium(profile, [
    `--window-size=${width},${height}`,
    `--screenshot=${join(OUT, `${name}.png`)}`,
    `file://${file}`,
  ]);
  process.stdout.write(`${name}.png (${width}x${height})\n`);
}

function message(output: CommandOutput, extra: BlockOptions = {}): Surface {
  return {
    kind: 'ephemeral',
    blocks: renderBlocks(output, { ...OPTIONS, ...extra }).blocks as unknown as Json[],
  };
}

/** The sample account a day later: `orders-api` gains a public function URL, `legacy-url` loses its own. */
function nextDay(world: World): World {
  const next = structuredClone(world);
  const account = Object.values(next.accounts)[0];
  const functions = account?.regions['eu-central-1']?.functions ?? [];
  const named = (name: string) => functions.find((f) => f.Configuration.FunctionName === name);
  const orders = named('orders-api');
  const webhook = named('public-webhook');
  if (!orders || !webhook)
    throw new Error('the sample account changed: orders-api or public-webhook is gone');
  const arn = `arn:aws:lambda:eu-central-1:${Object.keys(next.accounts)[0]}:function:orders-api`;
  orders.UrlConfigs = (webhook.UrlConfigs ?? []).map((u) => ({
    ...u,
    FunctionUrl: 'https://o9r8d7e6r5s4a3p2i1o0r9d8e7r6s5a4.lambda-url.eu-central-1.on.aws/',
  }));
  const statements = (policy: unknown): Json[] =>
    ((policy as { Statement?: Json[] } | undefined)?.Statement ?? []).map((st) => ({ ...st, Resource: arn }));
  orders.Policy = JSON.parse(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [...statements(orders.Policy), ...statements(webhook.Policy)],
    }),
  );
  const legacy = named('legacy-url');
  if (legacy) delete legacy.UrlConfigs;
  return next;
}

/**
 * The progress message of `/lambda-audit scan` over the fake organization (three accounts, one
 * whose role refuses): as the first account finishes, and at the end. Fed by the real engine's
 * progress events, as the Slack listener feeds it.
 */
async function progressSurfaces(): Promise<[string, Surface][]> {
  const fake = await startFakeAws({ world: orgWorld() });
  const config = loadConfig({
    LOG_LEVEL: 'error',
    AWS_REGION: ORG_REGION,
    AUDIT_REGIONS: 'all',
    AUDIT_ORG_ROLE_NAME: ROLE_NAME,
    AUDIT_EXTERNAL_ID: EXTERNAL_ID,
    AUDIT_ORG_EXCLUDE: EXCLUDED,
  });
  const engine = createEngine(config, { endpoint: fake.url, credentials: MANAGEMENT_CREDENTIALS });
  const seen: ScanProgressView[] = [];
  let functions = { done: 0, total: 0 };
  const view = (progress: ScanProgress | null): ScanProgressView => ({
    by: 'U0ALICE',
    progress,
    functions,
    outcome: null,
  });
  try {
    const output = await runCommand(['scan'], engine, {
      onProgress: (done, total) => {
        functions = { done, total };
      },
      scan: { onUnits: (progress) => seen.push(view(progress)) },
    });
    if (output.kind !== 'scan') throw new Error('scan did not return a scan');
    const first = seen.find((v) => v.progress && v.progress.accounts.done === 1) ?? view(null);
    const last = seen.at(-1) ?? view(null);
    const surface = (v: ScanProgressView): Surface => ({
      kind: 'message',
      blocks: renderScanProgress(v).blocks as unknown as Json[],
    });
    return [
      ['scan-progress-started', surface(view(null))],
      ['scan-progress-one-account', surface(first)],
      [
        'scan-progress-finished',
        surface({ ...last, outcome: { kind: 'done', summary: output.report.summary } }),
      ],
    ];
  } finally {
    engine.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'render-surfaces-'));
  const world = loadWorld(SAMPLE_WORLD);
  const fake = await startFakeAws({ world });
  const regions = [...new Set(Object.values(world.accounts).flatMap((a) => Object.keys(a.regions)))];
  const config = { ...loadConfig({ LOG_LEVEL: 'error' }), regions };
  const aws = { endpoint: fake.url, credentials: { accessKeyId: 'AKIDDEMO', secretAccessKey: 'demo' } };
  const engine = createEngine(config, aws);
  const surfaces: [string, Surface][] = [];
  try {
    const scan = await runCommand(['scan'], engine);
    if (scan.kind !== 'scan') throw new Error('scan did not return a scan');
    surfaces.push(['scan', message(scan)]);
    const riskiest = scan.report.functions[0];
    if (!riskiest) throw new Error('the sample account has no function');
    const arn = riskiest.function.arn;
    const audit = await runCommand([arn], engine);
    surfaces.push(['audit', message(audit)]);
    if (audit.kind !== 'audit') throw new Error('audit did not return an audit');
    const several = groupByCheck(audit.report.findings).findIndex((g) => g.findings.length > 1);
    surfaces.push(['audit-check-opened', message(audit, { view: { page: 0, open: several } })]);
    surfaces.push(['audit-page-2', message(audit, { view: { page: 1, open: null } })]);
    // The answer Slack posts before IAM's last-accessed job ends: an engine that has read no role yet.
    const fresh = createEngine(config, aws);
    try {
      const early = await fresh.auditEarly({ function: arn, region: riskiest.function.region });
      surfaces.push(['audit-early', message({ kind: 'audit', report: early.report })]);
      await early.update;
    } finally {
      fresh.close();
    }
    for (const verb of ['triggers', 'role', 'logs'])
      surfaces.push([verb, message(await runCommand([verb, arn], engine))]);
    surfaces.push(['help', message(await runCommand(['help'], engine))]);
    // An account-and-region finding's answer (its Re-audit button, or a menu without a cached answer).
    const noGuardDuty = scan.report.accounts?.find((a) => a.findings.length > 0);
    if (noGuardDuty) {
      const section = await engine.auditAccountRegion(noGuardDuty.accountId, noGuardDuty.region);
      surfaces.push(['account-reaudit', message({ kind: 'audit', report: accountReport(section) })]);
    }

    const store = await openStore(':memory:');
    try {
      const firstScan = await store.recordScan(scan.report);
      const digest = renderDigestBlocks(await buildDigest(store, null), { ticket: true, key: '' });
      const home = await homeData(store);
      surfaces.push(['home', { kind: 'home', blocks: renderHome(home).blocks as unknown as Json[] }]);
      const picker = auditPickerModal(home.functions);
      surfaces.push([
        'modal-audit-picker',
        {
          kind: 'modal',
          title: picker.title.text,
          submit: 'Audit',
          blocks: picker.blocks as unknown as Json[],
        },
      ]);
      // One image per thread reply: each is a message people scroll through.
      const digestSurfaces = (name: string, messages: typeof digest) => {
        surfaces.push([name, { kind: 'message', blocks: messages.main.blocks as unknown as Json[] }]);
        for (const [i, reply] of messages.thread.entries())
          surfaces.push([
            `${name}-thread-${i + 1}`,
            { kind: 'message', blocks: [], thread: [reply.blocks as unknown as Json[]] },
          ]);
      };
      digestSurfaces('digest', digest);
      // The next day: a new public URL, a URL removed, and alarms unreadable in every region.
      fake.setWorld(nextDay(world));
      fake.setKnobs({ accessDenied: ['cloudwatch:DescribeAlarms'] });
      const next = await runCommand(['scan'], engine);
      if (next.kind !== 'scan') throw new Error('scan did not return a scan');
      await store.recordScan(next.report);
      const since = await buildDigest(store, firstScan.scan.id);
      digestSurfaces('digest-next-day', renderDigestBlocks(since, { ticket: true, key: '' }));
    } finally {
      await store.close();
    }

    const finding = audit.report.findings[0] ?? null;
    const context: ActionContext = {
      origin: { kind: 'audit', channel: 'C0CHAN', ts: '1.2', ephemeral: true, responseUrl: null },
      fingerprint: finding?.fingerprint ?? '0'.repeat(16),
      key: KEY,
    };
    for (const [name, view] of [
      ['modal-snooze', snoozeModal(context, finding)],
      ['modal-accept', acceptModal(context, finding)],
    ] as const) {
      surfaces.push([
        name,
        {
          kind: 'modal',
          title: view.title.text,
          submit: view.submit?.text ?? 'Submit',
          blocks: view.blocks as unknown as Json[],
        },
      ]);
    }
  } finally {
    engine.close();
    await fake.close();
  }
  surfaces.push(...(await progressSurfaces()));
  try {
    for (const [name, surface] of surfaces) screenshot(name, surface, profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
