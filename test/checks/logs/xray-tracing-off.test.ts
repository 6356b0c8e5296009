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
import { checkCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(xrayTracingOff);

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
  for (const [name, mode] of [
    ['PassThrough mode', 'PassThrough'],
    ['no tracing config', undefined],
  ] as const)
    fires(`flags ${name} at low`, () => {
      const findings = runChecks([xrayTracingOff], tracing(mode, [sqs]), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'xray-tracing-off',
          severity: 'low',
          evidence: { mode: mode ?? 'PassThrough', unsupportedSources: [] },
        }),
      ]);
      return findings;
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

  dataMissing('the function policy could not be read: the finding says so and assumes the worst', {
    ...tracing(undefined),
    policies: null,
    unverified: [gap('lambda:GetPolicy', 'triggers')],
  });

  silent('does not flag active tracing', () =>
    runChecks([xrayTracingOff], tracing('Active', [msk]), makeContext()),
  );

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([xrayTracingOff], snapshot, makeContext())).toEqual([]);
  });
});
