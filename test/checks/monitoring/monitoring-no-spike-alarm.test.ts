import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { monitoringNoSpikeAlarm } from '../../../src/checks/monitoring/monitoring-no-spike-alarm.js';
import type { MetricAlarm } from '../../../src/model.js';
import { makeContext, makeSnapshot, notifyingAlarm } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(monitoringNoSpikeAlarm);

const run = (alarms: MetricAlarm[] | null, exposure: 'none' | 'internet-authenticated' = 'none') =>
  runChecks([monitoringNoSpikeAlarm], makeSnapshot({ alarms }), makeContext({ exposure }));

/** An anomaly-detection band on Invocations: the alarm's threshold is the band. */
const band: MetricAlarm = {
  AlarmName: 'orders-api-invocations-band',
  ActionsEnabled: true,
  AlarmActions: ['arn:aws:sns:eu-central-1:123456789012:oncall'],
  ThresholdMetricId: 'band',
  Metrics: [
    {
      Id: 'm1',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
          Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
        },
      },
    },
    { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' },
  ],
};

describe('monitoring-no-spike-alarm', () => {
  for (const [name, alarms] of [
    ['only an Errors alarm', [notifyingAlarm('orders-api-errors', 'Errors')]],
    [
      'an Invocations alarm on another function',
      [notifyingAlarm('billing-invocations', 'Invocations', 'billing')],
    ],
    [
      'an Invocations alarm with actions disabled',
      [{ ...notifyingAlarm('x', 'Invocations'), ActionsEnabled: false }],
    ],
  ] as [string, MetricAlarm[]][])
    fires(`fires with ${name}, at info`, () => {
      const findings = run(alarms);
      expect(findings).toEqual([
        expect.objectContaining({ check: 'monitoring-no-spike-alarm', severity: 'info' }),
      ]);
      return findings;
    });

  it('rises to low when internet-exposed', () => {
    expect(run([], 'internet-authenticated').map((f) => f.severity)).toEqual(['low']);
  });

  for (const [name, alarm] of [
    ['Invocations', notifyingAlarm('a', 'Invocations')],
    ['Throttles', notifyingAlarm('b', 'Throttles')],
    [
      'ConcurrentExecutions on an alias',
      {
        ...notifyingAlarm('c', 'ConcurrentExecutions'),
        Dimensions: [{ Name: 'Resource', Value: 'orders-api:live' }],
      },
    ],
    ['an anomaly-detection band on Invocations', band],
  ] as [string, MetricAlarm][])
    silent(`stays silent with a notifying alarm on ${name}`, () => run([alarm]));

  dataMissing('yields nothing when the alarms could not be read', unread(makeSnapshot(), 'alarms'));
});
