/**
 * `lambda-audit digest --dry-run`: scan now, compare with the store, and print the digest the
 * schedule would post, storing nothing. Also `recordScanCli`, with which `lambda-audit scan`
 * keeps its results. Both are called from src/cli.ts (not through the verb registry: the digest
 * is not a Slack command and its output is neither a report nor help).
 */
import type { Config } from '../src/config.js';
import type { Engine } from '../src/engine-contract.js';
import { UsageError } from '../src/errors.js';
import type { ScanReport, ScanResult } from '../src/model.js';
import { buildDigest, digestBaseline } from '../src/schedule/digest.js';
import { renderDigestText } from '../src/schedule/render.js';
import { slotKey } from '../src/schedule/slot.js';
import { openStore, openStoreCopy } from '../src/store/open.js';
import type { RecordedScan, Store } from '../src/store/store.js';
import { checkRegion, parseFlags } from './args.js';

export const DIGEST_USAGE = 'digest --dry-run [--region R ...]';

export interface DigestIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
}

export interface DigestCliDeps {
  config: Config;
  engine: Engine;
  /** `text` (default) or `json` (the Digest object). */
  format?: string;
  /** Defaults to a throwaway copy of DATABASE_URL's store: a dry run never writes. */
  openStore?: (databaseUrl: string) => Promise<Store>;
  now?: () => Date;
}

/** Returns the exit code: 0, or 2 for usage errors (thrown as UsageError for cli.ts to report). */
export async function runDigestCli(
  args: readonly string[],
  io: DigestIo,
  deps: DigestCliDeps,
): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { 'dry-run': { type: 'boolean' }, region: { type: 'string', multiple: true } },
    DIGEST_USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`digest takes no function name. Usage: ${DIGEST_USAGE}`);
  if (!values['dry-run']) {
    throw new UsageError(
      `the digest posts from 'lambda-audit serve' on DIGEST_CRON; to see it now: ${DIGEST_USAGE}`,
    );
  }
  const format = deps.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('digest --format must be text or json');
  const named = (values.region ?? []).flatMap((r) => r.split(',')).filter(Boolean);
  const regions = named.length ? named.map((r) => checkRegion(r, deps.engine)) : [...deps.engine.regions];
  if (regions.length === 0) throw new UsageError('no region: pass --region or set AUDIT_REGIONS');

  const now = deps.now ?? (() => new Date());
  const progress = io.isTty
    ? (done: number, total: number) => io.err(`\rscanning ${done}/${total} functions`)
    : undefined;
  const scan = await deps.engine.scan(regions, progress);
  if (progress) io.err('\n');
  const store = await (deps.openStore ?? openStoreCopy)(deps.config.databaseUrl);
  try {
    const digest = await store.preview(async (scratch) => {
      // "New since" is measured as the scheduled job would: from the last digest (or stored scan).
      const since = await digestBaseline(scratch, slotKey(now()));
      await scratch.recordScan(scan);
      return buildDigest(scratch, since, { now: now() });
    });
    io.out(`${format === 'json' ? JSON.stringify(digest, null, 2) : renderDigestText(digest)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * Stores a scan's results in DATABASE_URL's store (for `lambda-audit scan`). Returns what
 * changed; the caller prints `recordedSummary` on stderr so stdout stays the report.
 */
export async function recordScanCli(
  scan: ScanReport | ScanResult,
  deps: { databaseUrl: string; openStore?: (databaseUrl: string) => Promise<Store> },
): Promise<RecordedScan> {
  const store = await (deps.openStore ?? openStore)(deps.databaseUrl);
  try {
    return await store.recordScan(scan);
  } finally {
    await store.close();
  }
}

/** One line for stderr: `stored scan #3: 2 new, 1 fixed (DATABASE_URL)`. */
export function recordedSummary(recorded: RecordedScan): string {
  return `stored scan #${recorded.scan.id}: ${recorded.opened.length} new, ${recorded.fixed.length} fixed`;
}
