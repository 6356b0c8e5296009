import { UsageError } from '../src/errors.js';
import { openStoreCopy } from '../src/store/open.js';
import type { FindingRecord } from '../src/store/store.js';
import type { Command } from './command.js';

/**
 * Where `snoozed` reads decisions from: set by whoever holds the store (serve's Slack app, the
 * CLI). A registry like help's, because verbs receive only the engine, which knows no store.
 */
export const snoozedSource: { list: (() => Promise<FindingRecord[]>) | null } = { list: null };

/** Decisions from a throwaway copy of the store at `databaseUrl` (the CLI's source). */
export async function readDecisions(databaseUrl: string): Promise<FindingRecord[]> {
  const store = await openStoreCopy(databaseUrl);
  try {
    return await store.findings({ states: ['snoozed', 'accepted'] });
  } finally {
    await store.close();
  }
}

/** Snoozed and accepted findings, soonest-expiring snooze first, then acceptances by date. */
export function orderDecisions(items: readonly FindingRecord[]): FindingRecord[] {
  const rank = (f: FindingRecord) => (f.state === 'snoozed' ? 0 : 1);
  return [...items].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.snoozedUntil ?? a.stateAt ?? '').localeCompare(b.snoozedUntil ?? b.stateAt ?? '') ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

/** `snoozed`: what people have snoozed (until when) or accepted (why), and who. */
export const snoozed: Command<Record<string, never>> = {
  name: 'snoozed',
  summary: 'list snoozed and accepted findings: who, until when, why',
  example: 'snoozed',
  usage: 'snoozed',
  parse(args) {
    if (args.length > 0) throw new UsageError('snoozed takes no arguments. Usage: snoozed');
    return {};
  },
  async run() {
    if (!snoozedSource.list)
      throw new UsageError('snoozed needs the store (DATABASE_URL); none is open here');
    // A snooze that ran out reads as open (the store decides), so it is simply not listed.
    return { kind: 'snoozed', items: orderDecisions(await snoozedSource.list()) };
  },
};
