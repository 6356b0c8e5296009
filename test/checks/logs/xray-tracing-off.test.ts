import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { xrayTracingOff } from '../../../src/checks/logs/xray-tracing-off.js';
import type {
  EventSourceMapping,
  FunctionConfiguration,
  FunctionSnapshot,
  Trigger,
} from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';

function tracing(Mode: string | undefined, mappings: EventSourceMapping[] | null = []): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({
    configuration: { ...base.configuration, TracingConfig: Mode ? { Mode } : undefined },
    eventSourceMappings: mappings,
  });
}

const msk: EventSourceMapping = {
  UUID: 'a1b2c3d4-0000-1111-2222-333344445555',
  EventSourceArn: `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/abcd1234-ef56-7890-abcd-ef1234567890-2`,
  Topics: ['orders'],
};
const sqs: EventSourceMapping = {
  UUID: 'b1b2c3d4-0000-1111-2222-333344445555',
  EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`,
};

describe('xray-tracing-off', () => {
  it.each([
    ['PassThrough mode', 'PassThrough'],
    ['no tracing config', undefined],
  ])('flags %s at low', (_label, mode) => {
    expect(runChecks([xrayTracingOff], tracing(mode, [sqs]), makeContext())).toEqual([
      expect.objectContaining({
        check: 'xray-tracing-off',
        severity: 'low',
        evidence: { mode: mode ?? 'PassThrough', unsupportedSources: [] },
      }),
    ]);
  });

  it('drops to info with an MSK mapping, which X-Ray cannot trace', () => {
    const [finding] = runChecks([xrayTracingOff], tracing('PassThrough', [msk]), makeContext());
    expect(finding).toMatchObject({ severity: 'info', evidence: { unsupportedSources: ['msk'] } });
  });

  it('drops to info from the trigger inventory when the mappings could not be read', () => {
    const mq: Trigger = {
      kind: 'mq',
      source: `arn:aws:mq:${REGION}:${ACCOUNT}:broker:orders:b-1`,
      async: false,
      conditions: {},
    };
    const [finding] = runChecks([xrayTracingOff], tracing(undefined, null), makeContext({ triggers: [mq] }));
    expect(finding).toMatchObject({ severity: 'info', evidence: { unsupportedSources: ['mq'] } });
  });

  it('does not flag active tracing', () => {
    expect(runChecks([xrayTracingOff], tracing('Active', [msk]), makeContext())).toEqual([]);
  });

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([xrayTracingOff], snapshot, makeContext())).toEqual([]);
  });
});
