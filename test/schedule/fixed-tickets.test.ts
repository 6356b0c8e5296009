/**
 * A ticket is told when a later scan no longer sees its finding: a comment through the real
 * Jira sink to the fake Jira, naming the scan; a comment that fails is tried after the next scan.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedTicketNotes } from '../../src/schedule/fixed-tickets.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { sinkFromEnv } from '../../src/tickets/from-env.js';
import type { TicketSink } from '../../src/tickets/sink.js';
import { ticketFromReport } from '../../src/tickets/ticket.js';
import { adfText, type FakeJira, startFakeJira } from '../fakes/jira/index.js';
import { finding, fnArn, report, scanOf } from '../store/fixtures.js';

const silent = { log: () => undefined };
let jira: FakeJira;
let store: Store;
let sink: TicketSink;

beforeEach(async () => {
  jira = await startFakeJira();
  store = await openStore(':memory:');
  const made = sinkFromEnv(jira.env());
  if (!made) throw new Error('no sink');
  sink = made;
});

afterEach(async () => {
  await store.close();
  await jira.close();
});

/** A finding stored by a scan, with a Jira ticket opened for it the way the button does. */
async function ticketed(): Promise<string> {
  const f = finding('url-public', fnArn('orders-api'));
  const r = report('orders-api', [f]);
  await store.recordScan(scanOf([r]));
  await store.beginTicket(f.fingerprint, 'U0ALICE', sink.kind);
  await store.completeTicket(f.fingerprint, await sink.open(ticketFromReport(r, [f])));
  return f.fingerprint;
}

describe('a ticketed finding a later scan no longer sees', () => {
  it('gets one comment naming the scan', async () => {
    const fp = await ticketed();
    const notes = new FixedTicketNotes(store, sink, silent);
    const recorded = await store.recordScan(scanOf([report('orders-api', [])]));
    expect(recorded.fixed).toEqual([fp]);
    await notes.afterScan(recorded);
    const comments = jira.issues[0]?.comments ?? [];
    expect(comments).toHaveLength(1);
    expect(adfText(comments[0]?.body)).toContain(`lambda-audit scan ${recorded.scan.id}`);
    expect(adfText(comments[0]?.body)).toContain(fp);
    // Nothing more on the next scan.
    await notes.afterScan(await store.recordScan(scanOf([report('orders-api', [])])));
    expect(jira.issues[0]?.comments).toHaveLength(1);
  });

  it('is commented after the next scan when the tracker fails the first time', async () => {
    await ticketed();
    const notes = new FixedTicketNotes(store, sink, silent);
    jira.failNext(1, 503, 'Service unavailable');
    const first = await store.recordScan(scanOf([report('orders-api', [])]));
    await notes.afterScan(first);
    expect(jira.issues[0]?.comments).toHaveLength(0);
    await notes.afterScan(await store.recordScan(scanOf([report('orders-api', [])])));
    expect(jira.issues[0]?.comments).toHaveLength(1);
    // The comment names the scan that saw it fixed, not the one that finally delivered it.
    expect(adfText(jira.issues[0]?.comments[0]?.body)).toContain(`lambda-audit scan ${first.scan.id}`);
  });

  it('is not commented when the finding came back before the retry', async () => {
    const fp = await ticketed();
    const notes = new FixedTicketNotes(store, sink, silent);
    jira.failNext(1, 503);
    await notes.afterScan(await store.recordScan(scanOf([report('orders-api', [])])));
    const back = finding('url-public', fnArn('orders-api'));
    expect(back.fingerprint).toBe(fp);
    await notes.afterScan(await store.recordScan(scanOf([report('orders-api', [back])])));
    expect(jira.issues[0]?.comments).toHaveLength(0);
  });
});
