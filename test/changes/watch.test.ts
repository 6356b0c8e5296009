import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, EVENTS_DLQ_ARN, EVENTS_QUEUE_ARN, REGION } from '../fakes/aws/test-world.js';
import { anotherCall, changeEventFixture } from '../fixtures/change-events/index.js';
import { backdooredWorld, privateWorld, type WatchHarness, watchHarness } from './harness.js';

const ORDERS = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`;
let h: WatchHarness;
afterEach(async () => {
  await h.close();
});

/** Every message handled: the queue is empty and nothing is in flight. */
const drained = () => h.aws.sqs.messages(EVENTS_QUEUE_ARN).length === 0;

describe('the change-events loop, against the fake AWS', () => {
  it('a public AddPermission yields one change naming the function, the actor and the critical finding', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    h.aws.setWorld(backdooredWorld());
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await h.until(() => h.changes.length > 0 && drained());
    expect(h.changes).toHaveLength(1);
    expect(h.changes[0]).toMatchObject({
      function: { name: 'orders-api', arn: ORDERS },
      events: [
        {
          name: 'AddPermission20150331v2',
          actor: 'arn:aws:iam::123456789012:user/mallory',
          sourceIp: '203.0.113.7',
        },
      ],
      opened: [{ check: 'policy-public-invoke', severity: 'critical' }],
      exposure: { before: null, after: 'internet-open' },
    });
    expect(h.audited).toEqual([ORDERS]);
  });

  it('names the exposure before and after once it has audited the function', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    const { exposure: before } = await h.engine.audit({ function: ORDERS, region: REGION });
    expect(before).not.toBe('internet-open');
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-update-function-code'));
    await h.until(() => h.audited.length === 1 && drained());
    h.aws.setWorld(backdooredWorld());
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await h.until(() => h.changes.length === 1 && drained());
    expect(h.changes[0]?.exposure).toEqual({ before, after: 'internet-open' });
  });

  it('a tag change re-audits nothing and emits nothing; its message is deleted', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-tag-resource'));
    await h.until(() => h.watcher.stats.irrelevant === 1 && drained());
    expect(h.changes).toEqual([]);
    expect(h.audited).toEqual([]);
  });

  it('a redeploy that changes nothing re-audits the function and emits nothing', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    const { exposure: before } = await h.engine.audit({ function: ORDERS, region: REGION });
    expect(before).not.toBe('internet-open');
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-update-function-code'));
    await h.until(() => h.audited.length === 1 && drained());
    expect(h.changes).toEqual([]);
  });

  it('the same event delivered twice yields one change', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    h.aws.setWorld(backdooredWorld());
    const event = changeEventFixture('lambda-add-permission-public');
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, event);
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, event);
    h.watcher.start();
    await h.until(() => h.watcher.stats.events === 2 && drained());
    expect(h.watcher.stats.duplicates).toBe(1);
    expect(h.changes).toHaveLength(1);
  });

  it('a poisoned message ends in the dead-letter queue, logged each time it fails', async () => {
    h = await watchHarness(privateWorld());
    h.watcher.start();
    const id = h.aws.sqs.enqueue(
      EVENTS_QUEUE_ARN,
      '{"detail-type":"AWS API Call via CloudTrail","detail":{}}',
    );
    await h.until(() => h.aws.sqs.messages(EVENTS_DLQ_ARN).length === 1);
    expect(h.aws.sqs.messages(EVENTS_DLQ_ARN)[0]?.messageId).toBe(id);
    const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.messageId === id)).toEqual(
      [1, 2, 3].map((n) =>
        expect.objectContaining({
          level: 'error',
          msg: 'change events: unreadable message left for the dead-letter queue',
          receiveCount: n,
        }),
      ),
    );
  });

  it('a PutRolePolicy on a role three functions share re-audits exactly those three, once each', async () => {
    // orders-api, fn-000 and fn-001 use orders-api-role; billing (another account) and a
    // function with its own role do not.
    const world = privateWorld(2);
    world.accounts[ACCOUNT]?.regions[REGION]?.functions?.push({
      Configuration: {
        FunctionName: 'loner',
        Role: `arn:aws:iam::${ACCOUNT}:role/role-1`,
        Runtime: 'python3.12',
      },
    });
    h = await watchHarness(world);
    await h.baseline();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, anotherCall('iam-put-role-policy', 1));
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, anotherCall('iam-put-role-policy', 2));
    h.watcher.start();
    await h.until(() => h.watcher.stats.events === 2 && drained());
    const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    expect([...h.audited].sort()).toEqual([fn('fn-000'), fn('fn-001'), fn('orders-api')]);
  });

  it('a new managed policy version re-audits the functions of the roles attaching it', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('iam-create-policy-version'));
    await h.until(() => h.watcher.stats.events === 1 && drained());
    expect(h.audited).toEqual([ORDERS]);
  });

  it('when it cannot tell which functions a policy reaches, it says why and retries the event', async () => {
    h = await watchHarness(privateWorld());
    h.aws.setKnobs({ accessDenied: ['iam:ListEntitiesForPolicy'] });
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('iam-create-policy-version'));
    await h.until(() => h.watcher.stats.failed >= 1);
    expect(h.audited).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/cannot tell which functions changed.*iam:ListEntitiesForPolicy/);
    h.aws.setKnobs({ accessDenied: [] });
    await h.until(() => h.audited.length === 1 && drained());
  });

  it('a failing re-audit leaves the message for a retry instead of dropping it', async () => {
    h = await watchHarness(privateWorld());
    await h.baseline();
    h.aws.setWorld(backdooredWorld());
    h.aws.setKnobs({ failures: { 'lambda:GetFunction': { every: 1 } } });
    h.watcher.start();
    h.aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await h.until(() => h.watcher.stats.failed >= 1);
    h.aws.setKnobs({ failures: {} });
    await h.until(() => h.changes.length === 1 && drained());
    expect(h.changes[0]?.opened.map((f) => f.check)).toEqual(['policy-public-invoke']);
  });
});
