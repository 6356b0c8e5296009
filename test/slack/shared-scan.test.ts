/**
 * A scan run from Slack keeps its units in the store's ledger, as the CLI's does, on both
 * engines: it joins a run of the same units another replica started, scans only what is left,
 * and its progress message ends saying how much of it the other replica scanned. Whoever
 * finishes the run records it: this replica when it did the last unit, the other one when that
 * replica held a unit to the end (this one then answers from the same result, and records
 * nothing). The real Bolt app, the real engine against the fake organization, the fake Slack.
 */
import { afterEach, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model.js';
import type { ScanUnit } from '../../src/scan-units.js';
import {
  EXCLUDED,
  emptyUnit,
  fnArn,
  keptReport,
  MANAGEMENT,
  MANAGEMENT_CREDENTIALS,
  ORG_ENV,
  ORG_UNITS,
  orgWorld,
  REGION,
} from '../fakes/org-world.js';
import { sendSlashCommand } from '../fakes/slack/index.js';
import { describeBackends } from '../store/backends.js';
import { SECRET } from './harness.js';
import { startTriage, type TriageHarness } from './triage-harness.js';

const UNITS: ScanUnit[] = [...ORG_UNITS];
/** MANAGEMENT's unit, which the other replica takes first (units are claimed in key order). */
const THEIRS = UNITS[0] as ScanUnit;
const THEIR_FUNCTION = `fn-111-${REGION}`;
const LEASE = 60_000;
const NOTE = '1 of 4 account-regions of this scan were scanned by another replica of lambda-audit';

const text = (body: unknown) => JSON.stringify(body);

/** MANAGEMENT's function as the other replica audited it: one finding only it could have seen. */
const theirReport = (): AuditReport =>
  keptReport(MANAGEMENT, REGION, THEIR_FUNCTION, {
    findings: [
      {
        check: 'url-public',
        categories: ['internet-exposed'],
        severity: 'critical',
        title: 'Seen by the other replica',
        detail: 'kept in the store by the replica that scanned this unit',
        resource: fnArn(MANAGEMENT, REGION, THEIR_FUNCTION),
        evidence: {},
        remediation: 'none',
        fingerprint: 'other-replica-finding',
      },
    ],
    unverified: [],
  });

describeBackends('a Slack scan shared with another replica', (ctx) => {
  // Registered after the stores' own: the app stops before its store closes.
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function harness(): Promise<TriageHarness> {
    const h = await startTriage({
      world: orgWorld(),
      credentials: MANAGEMENT_CREDENTIALS,
      env: { ...ORG_ENV, AUDIT_ORG_EXCLUDE: EXCLUDED },
      store: ctx.store,
      owner: 'slack-replica',
      scanUnits: { pollMs: 2 },
    });
    cleanups.push(() => h.close());
    return h;
  }

  /** Sends `/lambda-audit scan`; resolves with the answer and the progress message's last edit. */
  async function scanFromSlack(h: TriageHarness) {
    await sendSlashCommand(h.eventsUrl, SECRET, {
      text: 'scan',
      channel_id: 'C0OPS',
      response_url: `${h.slack.url}/response/scan`,
    });
    const answer = await h.slack.waitFor(
      () => h.slack.responsesTo('scan').find((r) => text(r.body).includes('Lambda scan')),
      20_000,
    );
    const ended = await h.slack.waitFor(
      () => h.slack.callsTo('chat.update').find((c) => text(c.body).includes('Scan finished')),
      10_000,
    );
    return { answer: text(answer.body), ended: text(ended.body) };
  }

  it('joins the run another replica started, scans what is left, finishes and records it', async () => {
    const other = await ctx.replica('other');
    const run = await other.unitLedger.begin(UNITS);
    expect(await other.unitLedger.claim(run, 'other', LEASE)).toEqual(THEIRS);
    await other.unitLedger.keep(run, THEIRS, theirReport());
    await other.unitLedger.complete(run, THEIRS, 'other', emptyUnit(REGION), 10);

    const h = await harness();
    const { answer, ended } = await scanFromSlack(h);
    // MEMBER's two functions read here; MANAGEMENT's is the other replica's, from the store.
    expect(h.aws.counts().calls['lambda:GetFunction']).toBe(2);
    expect(answer).toContain('Lambda scan: 3 functions');
    expect(answer).toContain(THEIR_FUNCTION);
    expect(ended).toContain('Scan finished* for');
    expect(ended).toContain(NOTE);
    expect(ended).toContain('*3 of 3 accounts*');
    // This replica finished the run: it recorded the scan, the other replica's finding included.
    expect(await other.unitLedger.remaining(run)).toBe(0);
    expect(await ctx.store.latestScan()).toMatchObject({ id: 1, functions: 3 });
    expect((await ctx.store.finding('other-replica-finding'))?.state).toBe('open');
  });

  it('waits for a unit the other replica holds; that replica finishes the run, and this one answers without recording', async () => {
    const other = await ctx.replica('other');
    const run = await other.unitLedger.begin(UNITS);
    expect(await other.unitLedger.claim(run, 'other', LEASE)).toEqual(THEIRS);

    const h = await harness();
    const scanned = scanFromSlack(h);
    // Once this replica has done every unit it could claim, the other finishes its own, and the run.
    const deadline = Date.now() + 20_000;
    while ((await other.unitLedger.remaining(run)) > 1) {
      if (Date.now() > deadline) throw new Error('the Slack scan never did its units');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await other.unitLedger.keep(run, THEIRS, theirReport());
    expect(await other.unitLedger.complete(run, THEIRS, 'other', emptyUnit(REGION), 10)).toBe(true);
    expect(await other.unitLedger.finish(run)).toBe(true);

    const { answer, ended } = await scanned;
    expect(answer).toContain('Lambda scan: 3 functions');
    expect(answer).toContain(THEIR_FUNCTION);
    expect(ended).toContain(NOTE);
    expect(ended).toContain('*3 of 3 accounts*');
    expect(h.aws.counts().calls['lambda:GetFunction']).toBe(2);
    // The other replica finished the run, so it records it: this one did not.
    expect(h.logs.filter((l) => l.msg === 'slack scan recorded by another replica')).toHaveLength(1);
    expect(h.logs.filter((l) => l.msg === 'slack scan recorded')).toHaveLength(0);
    expect(await ctx.store.latestScan()).toBeNull();
  });
});
