/**
 * Recording a scan in multi-row statements: a scan with more findings, links and gaps than one
 * statement takes (ROWS_PER_STATEMENT) is stored whole, and later scans fix and reopen across
 * statements, on SQLite and PostgreSQL.
 */
import { expect, it } from 'vitest';
import type { AuditReport } from '../../src/model.js';
import { ROWS_PER_STATEMENT } from '../../src/store/sql.js';
import { describeBackends } from './backends.js';
import { ACCOUNT, denied, finding, report, scanOf } from './fixtures.js';

/** More functions than one statement's rows; every one also reports the finding they share. */
const FUNCTIONS = ROWS_PER_STATEMENT + 10;
const SHARED_ROLE = `arn:aws:iam::${ACCOUNT}:role/shared`;

function functions(checks: readonly string[], { gap = false, shared = true } = {}): AuditReport[] {
  return Array.from({ length: FUNCTIONS }, (_, i) =>
    report(
      `fn-${i}`,
      (arn) => [
        ...checks.map((check) => finding(check, arn)),
        ...(shared ? [finding('shared-role', SHARED_ROLE, 'critical')] : []),
      ],
      gap ? [denied('GetPolicy', 'triggers')] : [],
    ),
  );
}

const fingerprintsOf = (reports: readonly AuditReport[], check: string) =>
  reports.flatMap((r) => r.findings.filter((f) => f.check === check).map((f) => f.fingerprint));

describeBackends('recordScan across statements', (ctx) => {
  it('stores every finding, link and gap of a scan larger than one statement, then fixes and reopens them', async () => {
    const first = functions(['own-a', 'own-b'], { gap: true });
    const recorded = await ctx.store.recordScan(scanOf(first));
    expect(recorded.opened).toEqual([...new Set(first.flatMap((r) => r.findings.map((f) => f.fingerprint)))]);
    const stored = await ctx.store.findings();
    expect(stored).toHaveLength(2 * FUNCTIONS + 1);
    const shared = stored.find((f) => f.check === 'shared-role');
    expect(shared?.functionArn).toBe(first[0]?.function.arn);
    expect(shared?.functions.map((f) => f.functionArn).sort()).toEqual(
      first.map((r) => r.function.arn).sort(),
    );
    for (const f of stored.filter((s) => s.check !== 'shared-role'))
      expect(f.functions.map((fn) => fn.functionArn)).toEqual([f.functionArn]);
    const gaps = await ctx.store.scanGaps(recorded.scan.id);
    expect(gaps.map((g) => g.functionArn)).toEqual(first.map((r) => r.function.arn));

    ctx.now = new Date('2026-03-03T09:00:00.000Z');
    const second = await ctx.store.recordScan(scanOf(functions(['own-a'], { shared: false })));
    const gone = [...fingerprintsOf(first, 'own-b'), ...fingerprintsOf(first, 'shared-role').slice(0, 1)];
    expect(second.opened).toEqual([]);
    expect([...second.fixed].sort()).toEqual(gone.sort());

    ctx.now = new Date('2026-03-04T09:00:00.000Z');
    const third = await ctx.store.recordScan(scanOf(functions(['own-a', 'own-b'])));
    expect([...third.opened].sort()).toEqual(gone.sort());
    const after = await ctx.store.findings();
    expect(after.filter((f) => f.state === 'open')).toHaveLength(2 * FUNCTIONS + 1);
    expect(new Set(after.map((f) => f.lastScanId))).toEqual(new Set([third.scan.id]));
    expect(after.find((f) => f.check === 'shared-role')?.functions).toHaveLength(FUNCTIONS);
  });
});
