/**
 * The chains of dependent AWS calls behind an answer, read from the fake's call logs of several
 * answers of the same shape (the bench's copies of one function).
 *
 * A call is named by its API and its rank among that API's calls in its answer, by arrival
 * ('lambda:ListEventSourceMappings#2'). Call b is taken to depend on call a when, in every
 * answer that made both, b went out only after a's answer came back. One answer alone cannot
 * tell: calls that go out together come back together, and a busy event loop sends the next
 * wave after all of them; across answers, only a real dependency holds every time. The longest
 * chain of such calls is the answer's floor: no amount of CPU makes it shorter than its calls.
 */
import { LAST_ACCESSED_POLLING } from '../src/collect/role.js';
import type { FakeAwsCall } from '../test/fakes/aws/index.js';

/** IAM's last-accessed job: the first answer does not wait for it, the update does. */
const GENERATE = 'iam:GenerateServiceLastAccessedDetails';
const POLL = 'iam:GetServiceLastAccessedDetails';
export const isJobCall = (call: FakeAwsCall): boolean => call.api === GENERATE || call.api === POLL;

/** One answer's calls by name: 'api#rank' (rank by arrival among calls of the same API). */
function byName(calls: readonly FakeAwsCall[]): Map<string, FakeAwsCall> {
  const named = new Map<string, FakeAwsCall>();
  const seen = new Map<string, number>();
  for (const call of [...calls].sort((a, b) => a.arrived - b.arrived)) {
    const rank = (seen.get(call.api) ?? 0) + 1;
    seen.set(call.api, rank);
    named.set(`${call.api}#${rank}`, call);
  }
  return named;
}

export interface CallGraph {
  /** The longest chain ending at `name` (first call first), or [] when `name` is not in the graph. */
  chainTo(name: string): string[];
  /** The longest chain of all. */
  longest(): string[];
}

/**
 * The dependencies among calls made in at least half of `answers` (each one answer's call log).
 * A pair seen together in fewer than half the answers is not taken as a dependency.
 */
export function callGraph(answers: readonly (readonly FakeAwsCall[])[]): CallGraph {
  const logs = answers.map(byName);
  const quorum = Math.ceil(answers.length / 2);
  const counts = new Map<string, number>();
  for (const log of logs) for (const name of log.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts].filter(([, n]) => n >= quorum).map(([name]) => name);
  const dependsOn = (b: string, a: string): boolean => {
    let together = 0;
    for (const log of logs) {
      const ca = log.get(a);
      const cb = log.get(b);
      if (!ca || !cb) continue;
      if (cb.arrived < ca.answered) return false;
      together++;
    }
    return together >= quorum;
  };
  /** When `name` went out, summed over the answers (each relative to its answer's first call). */
  const sentAt = (name: string): number =>
    logs.reduce((sum, log) => {
      const first = Math.min(...[...log.values()].map((c) => c.arrived));
      return sum + (log.get(name)?.arrived ?? first) - first;
    }, 0);
  const memo = new Map<string, string[]>();
  const chainTo = (name: string): string[] => {
    const known = memo.get(name);
    if (known) return known;
    if (!counts.has(name) || (counts.get(name) ?? 0) < quorum) return [];
    // The longest chain before it. Of equally long ones (a wave of calls answered together all
    // precede the next wave), through the call that went out first: the app sends the calls of
    // a longer chain first, so they come back, and are followed, first.
    let best: string[] = [];
    let bestSent = Number.POSITIVE_INFINITY;
    for (const before of names) {
      if (before === name || !dependsOn(name, before)) continue;
      const chain = chainTo(before);
      const sent = sentAt(before);
      if (chain.length > best.length || (chain.length === best.length && sent < bestSent)) {
        best = chain;
        bestSent = sent;
      }
    }
    const chain = [...best, name];
    memo.set(name, chain);
    return chain;
  };
  return {
    chainTo,
    longest: () => names.map(chainTo).reduce<string[]>((a, b) => (b.length > a.length ? b : a), []),
  };
}

/** `api#1 -> api#1 -> ...`, ranks shown only past the first call of an API. */
export const chainName = (chain: readonly string[]): string =>
  chain.map((name) => name.replace(/#1$/, '')).join(' -> ');

/** The reader's waits between `polls` polls of the job, as RoleReader makes them by default. */
export function pollWaitsMs(polls: number): number {
  let total = 0;
  let wait = LAST_ACCESSED_POLLING.pollFirstMs;
  for (let i = 1; i < polls; i++) {
    total += wait;
    wait = Math.min(wait * 2, LAST_ACCESSED_POLLING.pollMaxMs);
  }
  return total;
}

/** The job's floor: the chain up to its Generate call, then its polls, and the waits between them. */
export function jobChain(graph: CallGraph, polls: number): { chain: string[]; waitsMs: number } {
  const toGenerate = graph.chainTo(`${GENERATE}#1`);
  const pollNames = Array.from({ length: polls }, (_, i) => `${POLL}#${i + 1}`);
  return { chain: toGenerate.length ? [...toGenerate, ...pollNames] : [], waitsMs: pollWaitsMs(polls) };
}

/** How many times one answer polled the job, and when its last poll was answered (null: no job). */
export function jobPolls(calls: readonly FakeAwsCall[]): { polls: number; doneAt: number } | null {
  const polls = calls.filter((c) => c.api === POLL);
  const last = polls.at(-1);
  return last ? { polls: polls.length, doneAt: last.answered } : null;
}
