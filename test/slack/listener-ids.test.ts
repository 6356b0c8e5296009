/**
 * Every button, menu and modal lambda-audit sends has a listener: the ids the renderers emit are
 * collected from real payloads (and every exported *_ACTION_ID / *_VIEW_ID constant from the
 * source), and each must be registered by src/slack/listeners/index.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/paths.js';
import { renderAuditBlocks, renderScanBlocks, renderTriggersBlocks } from '../../src/render/blocks.js';
import { buildDigest, renderDigestBlocks } from '../../src/schedule/index.js';
import { type ListenerDeps, registerListeners } from '../../src/slack/listeners/index.js';
import { openStore } from '../../src/store/open.js';
import { renderTriageReply } from '../../src/triage/reply.js';
import { hostileReport, scanReport } from '../render/fixtures.js';
import { finding, report, scanOf } from '../store/fixtures.js';

/** The ids each kind of listener was registered for, by a stand-in app that only records them. */
function registered(): Record<string, Set<string>> {
  const ids: Record<string, Set<string>> = {};
  const app = new Proxy(
    {},
    {
      // An id is a string, or a constraint object naming it (action_id / callback_id).
      get: (_target, kind: string) => (constraint: unknown) => {
        const named = constraint as { action_id?: unknown; callback_id?: unknown } | null;
        const id = typeof constraint === 'string' ? constraint : (named?.action_id ?? named?.callback_id);
        if (typeof id !== 'string') return;
        ids[kind] ??= new Set();
        ids[kind].add(id);
      },
    },
  );
  registerListeners(app as App, {} as ListenerDeps);
  return ids;
}

/** Every action_id and callback_id anywhere in a payload. */
function emitted(payload: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(payload)) for (const item of payload) emitted(item, into);
  else if (payload && typeof payload === 'object') {
    for (const [key, value] of Object.entries(payload)) {
      if ((key === 'action_id' || key === 'callback_id') && typeof value === 'string') into.add(value);
      else emitted(value, into);
    }
  }
  return into;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('Slack action and view ids', () => {
  const ids = registered();
  const listened = new Set([...(ids.action ?? []), ...(ids.view ?? [])]);

  it('has a listener for every id the renderers put in a message, a menu or a modal', async () => {
    const actions = { ticket: true, key: 'k1' };
    const store = await openStore(':memory:');
    await store.recordScan(
      scanOf([report('a', (arn) => [finding('policy-public-invoke', arn, 'critical')])]),
    );
    const digest = renderDigestBlocks(await buildDigest(store, null), actions);
    await store.close();
    const sent = emitted([
      renderAuditBlocks(hostileReport(), { actions, moreKey: 'm1', firstPage: 1 }),
      renderScanBlocks(scanReport(), { moreKey: 'm2', firstPage: 1 }),
      renderTriggersBlocks(hostileReport(), { moreKey: 'm3', firstPage: 0 }),
      digest,
      renderTriageReply(
        {
          source: 'chatbot',
          alarmName: 'errors',
          state: 'ALARM',
          reason: null,
          region: 'eu-central-1',
          accountId: null,
          functionName: 'f',
          time: null,
        },
        hostileReport(),
        null,
        new Date('2026-03-02T09:00:00Z'),
      ),
    ]);
    expect(sent.size).toBeGreaterThanOrEqual(5);
    expect([...sent].filter((id) => !listened.has(id))).toEqual([]);
  });

  it('has a listener for every exported action and view id constant', () => {
    const constants = sources(packagePath('src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/export const \w+_(?:ACTION|VIEW)_ID = '([^']+)'/g)].map(
        (m) => m[1] as string,
      ),
    );
    expect(constants.length).toBeGreaterThan(5);
    // An input read from the submitted view's state (the Home tab's function picker) dispatches
    // nothing: the view's submission listener reads it.
    const readFromState = new Set(['function_pick']);
    expect(constants.filter((id) => !listened.has(id) && !readFromState.has(id))).toEqual([]);
  });
});
