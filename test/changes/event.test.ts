import { describe, expect, it } from 'vitest';
import { ChangeEventError, parseChangeEvent } from '../../src/changes/event.js';
import { CHANGE_EVENT_FIXTURES, changeEventFixture } from '../fixtures/change-events/index.js';

describe('parseChangeEvent', () => {
  it('reads the public AddPermission backdoor: name, time, actor, source IP, parameters', () => {
    const event = parseChangeEvent(JSON.stringify(changeEventFixture('lambda-add-permission-public')));
    expect(event).toMatchObject({
      name: 'AddPermission20150331v2',
      source: 'lambda.amazonaws.com',
      account: '123456789012',
      region: 'eu-central-1',
      actor: 'arn:aws:iam::123456789012:user/mallory',
      sourceIp: '203.0.113.7',
      requestParameters: { functionName: 'orders-api', principal: '*' },
      errorCode: null,
    });
    expect(event.time).toMatch(/^2026-12-03T13:00:\d\dZ$/);
    expect(event.id).toBe(changeEventFixture('lambda-add-permission-public').detail.eventID);
  });

  it.each(CHANGE_EVENT_FIXTURES)('reads fixture %s', (name) => {
    const event = parseChangeEvent(JSON.stringify(changeEventFixture(name)));
    expect(event.name).toBe(changeEventFixture(name).detail.eventName);
    expect(event.actor).toMatch(/^arn:aws:(iam|sts)::123456789012:/);
  });

  it('names an assumed role by its session ARN and a root caller as root', () => {
    expect(parseChangeEvent(JSON.stringify(changeEventFixture('iam-put-role-policy'))).actor).toBe(
      'arn:aws:sts::123456789012:assumed-role/deployer/ci-session',
    );
    const root = changeEventFixture('lambda-tag-resource');
    root.detail.userIdentity = {
      type: 'Root',
      accountId: '123456789012',
      arn: 'arn:aws:iam::123456789012:root',
    };
    expect(parseChangeEvent(JSON.stringify(root)).actor).toBe('root (123456789012)');
  });

  it('keeps the error code of a call that failed', () => {
    expect(
      parseChangeEvent(JSON.stringify(changeEventFixture('lambda-add-permission-denied'))).errorCode,
    ).toBe('AccessDeniedException');
  });

  it.each([
    ['not JSON', '{oops', /not JSON/],
    [
      'another detail-type',
      JSON.stringify({ 'detail-type': 'EC2 Instance State-change Notification' }),
      /detail-type/,
    ],
    [
      'a detail without an eventName',
      JSON.stringify({
        'detail-type': 'AWS API Call via CloudTrail',
        detail: { eventSource: 'lambda.amazonaws.com' },
      }),
      /lacks eventName/,
    ],
  ])('rejects %s with a ChangeEventError', (_label, body, message) => {
    expect(() => parseChangeEvent(body)).toThrowError(ChangeEventError);
    expect(() => parseChangeEvent(body)).toThrowError(message);
  });
});
