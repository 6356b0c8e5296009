import { describe, expect, it } from 'vitest';
import { mayChangeDecision } from '../../../src/slack/actions/approvers.js';
import type { FindingState } from '../../../src/store/store.js';

const approvers = ['U0BOSS'];
const record = (state: FindingState, stateBy: string | null) => ({ state, stateBy });

describe('mayChangeDecision', () => {
  it.each([
    ['an approver changes an approver’s acceptance', 'U0BOSS', record('accepted', 'U0BOSS'), true],
    ['anyone changes a non-approver’s snooze', 'U0DEV', record('snoozed', 'U0DEV2'), true],
    ['anyone decides an open finding', 'U0DEV', record('open', null), true],
    ['anyone decides a finding nobody stored yet', 'U0DEV', null, true],
    ['a non-approver replaces an approver’s acceptance', 'U0DEV', record('accepted', 'U0BOSS'), false],
    ['a non-approver changes an approver’s snooze', 'U0DEV', record('snoozed', 'U0BOSS'), false],
  ])('%s: %s', (_name, user, current, allowed) => {
    expect(mayChangeDecision(approvers, user, current)).toBe(allowed);
  });

  it('lets anyone change anything when no approvers are configured', () => {
    expect(mayChangeDecision([], 'U0DEV', record('accepted', 'U0BOSS'))).toBe(true);
  });
});
