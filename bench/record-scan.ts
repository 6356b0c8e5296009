/**
 * What recording a scan's findings costs on each store: a synthetic scan of `functions` x
 * `findings` recorded into an empty store (every finding new), then a second scan of the same
 * functions where a tenth of each function's findings are gone (updates and fixes).
 *
 *   npx tsx bench/record-scan.ts [functions=5000] [findings=10]
 *
 * PostgreSQL is a throwaway server started as the tests start it (test/support/postgres-server.ts).
 * Its second scan runs seconds after the first filled the tables, before autovacuum has analyzed
 * them: on those statistics PostgreSQL scans whole tables for some IN lists (at 22,120 x 10: 20 s,
 * against 10 s after an ANALYZE). A store that has lived longer than a minute has statistics.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditReport } from '../src/model.js';
import { openStore } from '../src/store/open.js';
import { finding, report, scanOf } from '../test/store/fixtures.js';
import { startPostgresServer } from '../test/support/postgres-server.js';

const FUNCTIONS = Number(process.argv[2] ?? 5000);
const FINDINGS = Number(process.argv[3] ?? 10);

function reports(kept: number): AuditReport[] {
  return Array.from({ length: FUNCTIONS }, (_, i) =>
    report(`fn-${i}`, (arn) => Array.from({ length: kept }, (_, k) => finding(`check-${k}`, arn))),
  );
}

async function timeRecording(label: string, url: string): Promise<void> {
  const store = await openStore(url, { now: () => new Date('2026-03-02T09:00:00.000Z') });
  try {
    for (const [what, kept] of [
      ['new', FINDINGS],
      ['again', FINDINGS - Math.ceil(FINDINGS / 10)],
    ] as const) {
      const scan = scanOf(reports(kept));
      const started = performance.now();
      const recorded = await store.recordScan(scan);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label.padEnd(10)} ${what.padEnd(6)} ${FUNCTIONS * kept} findings: ${seconds.toFixed(2)} s ` +
          `(opened ${recorded.opened.length}, fixed ${recorded.fixed.length})`,
      );
    }
  } finally {
    await store.close();
  }
}

const sqliteFile = join(mkdtempSync(join(tmpdir(), 'record-scan-')), 'audit.db');
await timeRecording('sqlite', `file:${sqliteFile}`);
const server = await startPostgresServer();
try {
  await timeRecording('postgres', server.url);
} finally {
  server.stop();
}
