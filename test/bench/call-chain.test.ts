/**
 * The chains bench/slack-ack.ts reads from the fake's call logs: a dependency is an order that
 * holds in every answer, and the floor of the last-accessed job adds the reader's poll waits.
 */
import { describe, expect, it } from 'vitest';
import { callGraph, chainName, isJobCall, jobChain, jobPolls, pollWaitsMs } from '../../bench/call-chain.js';
import { LAST_ACCESSED_POLLING } from '../../src/collect/role.js';
import type { FakeAwsCall } from '../fakes/aws/index.js';

const call = (api: string, arrived: number, answered: number): FakeAwsCall => ({ api, arrived, answered });

/**
 * One answer: ListAliases and GetFunction go out together; the role's list follows GetFunction,
 * the policy follows the list. `aliasesBack` is when ListAliases comes back: after the list went
 * out in one answer, so the list does not depend on it (though ListAliases went out first).
 */
function answer(aliasesBack: number): FakeAwsCall[] {
  return [
    call('lambda:ListAliases', 0, aliasesBack),
    call('lambda:GetFunction', 1, 51),
    call('iam:ListAttachedRolePolicies', 55, 105),
    call('iam:GetPolicy', 108, 158),
    call('iam:GenerateServiceLastAccessedDetails', 56, 106),
    call('iam:GetServiceLastAccessedDetails', 110, 160),
    call('iam:GetServiceLastAccessedDetails', 365, 415),
  ];
}

describe('callGraph', () => {
  const answers = [answer(50), answer(70), answer(52)];
  const graph = callGraph(answers);

  it('follows only the orders every answer keeps: the longest chain, call by call', () => {
    // The first answer's chain leaves the job out, as the bench does.
    const first = callGraph(answers.map((calls) => calls.filter((c) => !isJobCall(c))));
    expect(chainName(first.longest())).toBe(
      'lambda:GetFunction -> iam:ListAttachedRolePolicies -> iam:GetPolicy',
    );
    // ListAliases came back after the list went out once: the list does not wait for it.
    expect(graph.chainTo('iam:ListAttachedRolePolicies#1')).toEqual([
      'lambda:GetFunction#1',
      'iam:ListAttachedRolePolicies#1',
    ]);
  });

  it("ranks an API's calls by arrival, and knows nothing of calls it never saw", () => {
    expect(chainName(graph.chainTo('iam:GetServiceLastAccessedDetails#2'))).toContain(
      'iam:GetServiceLastAccessedDetails#2',
    );
    expect(graph.chainTo('lambda:GetCodeSigningConfig#1')).toEqual([]);
  });

  it("puts the job's floor at its calls and the reader's waits between its polls", () => {
    const polls = jobPolls(answer(50));
    expect(polls).toEqual({ polls: 2, doneAt: 415 });
    const job = jobChain(graph, polls?.polls ?? 0);
    expect(chainName(job.chain)).toBe(
      'lambda:GetFunction -> iam:GenerateServiceLastAccessedDetails -> iam:GetServiceLastAccessedDetails -> iam:GetServiceLastAccessedDetails#2',
    );
    expect(job.waitsMs).toBe(LAST_ACCESSED_POLLING.pollFirstMs);
    expect(pollWaitsMs(4)).toBe(LAST_ACCESSED_POLLING.pollFirstMs * (1 + 2 + 4));
  });
});
