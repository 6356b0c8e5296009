/**
 * The App Home through the real Bolt app: a signed app_home_opened event makes the app publish
 * the Home tab for that user, built from the store's last scan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { viewViolations } from '../../src/render/limits.js';
import { HOME_AUDIT_ACTION_ID, HOME_SCAN_ACTION_ID } from '../../src/render/slack-ids.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { sendButtonClick, sendEvent } from '../fakes/slack/index.js';
import { finding, report, scanOf } from '../store/fixtures.js';
import { engineDouble, type Harness, SECRET, startHarness } from './harness.js';

let harness: Harness | undefined;
let store: Store | undefined;
afterEach(async () => {
  await harness?.close();
  await store?.close();
  harness = undefined;
  store = undefined;
});

function homeOpened(user: string, tab = 'home') {
  return {
    type: 'event_callback',
    team_id: 'T0FAKE',
    api_app_id: 'A0APP',
    event: { type: 'app_home_opened', user, channel: 'D0HOME', tab, event_ts: '1.2' },
    event_id: `EvHome-${user}-${tab}`,
    event_time: 1,
  };
}

async function started(): Promise<Harness> {
  store = await openStore(':memory:');
  await store.recordScan(
    scanOf([
      report('quiet-fn', (arn) => [finding('code-signing-off', arn, 'low')]),
      report('payments-api', (arn) => [
        finding('url-public', arn, 'critical'),
        finding('role-admin', `${arn}-role`, 'critical'),
      ]),
      report('orders-api', (arn) => [finding('role-passrole-wildcard', `${arn}-role`, 'high')]),
    ]),
  );
  harness = await startHarness(engineDouble(), {}, { store });
  return harness;
}

describe('App Home', () => {
  it('a signed app_home_opened publishes the Home tab with the riskiest function of the last scan first', async () => {
    const h = await started();
    const sent = await sendEvent(h.eventsUrl, SECRET, homeOpened('U0ALICE'));
    expect(sent.status).toBe(200);
    const call = await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0]);
    expect(call.body.user_id).toBe('U0ALICE');
    const view = (
      typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view
    ) as Parameters<typeof viewViolations>[0];
    expect(view.type).toBe('home');
    expect(viewViolations(view)).toEqual([]);
    const text = JSON.stringify(view);
    const riskiest = text.indexOf('`payments-api`');
    expect(riskiest).toBeGreaterThan(0);
    expect(riskiest).toBeLessThan(text.indexOf('`orders-api`'));
    expect(text.indexOf('`orders-api`')).toBeLessThan(text.indexOf('`quiet-fn`'));
    // The open-to-the-internet list names the public URL finding, not the role one.
    expect(text).toContain('Open to the internet');
    expect(text).toMatch(/`payments-api` · url-public title `url-public`/);
    expect(text).toContain('<!date^');
  });

  it('ignores the Messages tab', async () => {
    const h = await started();
    await sendEvent(h.eventsUrl, SECRET, homeOpened('U0BOB', 'messages'));
    await sendEvent(h.eventsUrl, SECRET, homeOpened('U0ALICE'));
    await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0]);
    expect(h.fake.callsTo('views.publish').map((c) => c.body.user_id)).toEqual(['U0ALICE']);
  });

  it('"Audit a function…" opens a modal whose picker lists the last scan’s functions, riskiest first', async () => {
    const h = await started();
    await sendButtonClick(h.eventsUrl, SECRET, {
      actionId: HOME_AUDIT_ACTION_ID,
      value: '',
      responseUrl: `${h.fake.url}/response/home`,
    });
    const call = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    const view = (
      typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view
    ) as Parameters<typeof viewViolations>[0];
    expect(viewViolations(view)).toEqual([]);
    const options = [...JSON.stringify(view).matchAll(/"text":"([\w-]+) \(eu-central-1\)"/g)].map(
      (m) => m[1],
    );
    expect(options).toEqual(['payments-api', 'orders-api', 'quiet-fn']);
  });

  it('"Run a scan" records the scan as a scheduled one does, and the Home tab then shows it', async () => {
    const h = await started();
    const before = await store?.latestScan();
    // The engine double's scan: fn-0, fn-1 and fn-2, two findings each; payments-api is gone.
    await sendButtonClick(h.eventsUrl, SECRET, {
      actionId: HOME_SCAN_ACTION_ID,
      value: '',
      responseUrl: `${h.fake.url}/response/home-scan`,
    });
    const call = await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0], 10_000);
    expect(call.body.user_id).toBe('U0ALICE');
    const latest = await store?.latestScan();
    expect(latest?.id).toBeGreaterThan(before?.id ?? Number.POSITIVE_INFINITY);
    const open = await store?.findings({ states: ['open'] });
    const scanned = new Set(open?.flatMap((f) => f.functions.map((fn) => fn.functionName)));
    expect([...scanned].sort()).toEqual(['fn-0', 'fn-1', 'fn-2']);
    // What the scan no longer saw is fixed, as after a scheduled scan.
    expect((await store?.findings({ states: ['fixed'] }))?.length).toBe(4);
    const home = JSON.stringify(call.body.view);
    expect(home).toContain('`fn-0`');
    expect(home).not.toContain('`payments-api`');
    // The answer itself went to the user's Messages tab.
    const answers = h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'U0ALICE');
    expect(JSON.stringify(answers.at(-1)?.body)).toContain('fn-0');
    // Before it, the scan's progress message, ended with the result once the answer was in.
    expect(answers).toHaveLength(2);
    expect(JSON.stringify(answers[0]?.body)).toContain('Scanning Lambda functions');
    const ended = await h.fake.waitFor(() => h.fake.callsTo('chat.update').at(-1));
    expect(ended.body.channel).toBe('U0ALICE');
    expect(JSON.stringify(ended.body)).toContain('Scan finished* for <@U0ALICE>: 3 functions');
  });
});
