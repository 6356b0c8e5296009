import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { monitoringNoErrorAlarm } from '../../../src/checks/monitoring/monitoring-no-error-alarm.js';
import type { MetricAlarm } from '../../../src/model.js';
import { makeContext, makeSnapshot, notifyingAlarm } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(monitoringNoErrorAlarm);

const run = (alarms: MetricAlarm[] | null, exposure: 'none' | 'internet-open' = 'none') =>
  runChecks([monitoringNoErrorAlarm], makeSnapshot({ alarms }), makeContext({ exposure }));

const errors = notifyingAlarm('orders-api-errors', 'Errors');

/** An error-rate alarm: Errors / Invocations in metric math. */
const errorRate: MetricAlarm = {
  AlarmName: 'orders-api-error-rate',
  ActionsEnabled: true,
  AlarmActions: ['arn:aws:sns:eu-central-1:123456789012:oncall'],
  Metrics: [
    { Id: 'rate', Expression: 'errors / invocations * 100' },
    ...['Errors', 'Invocations'].map((MetricName) => ({
      Id: MetricName.toLowerCase(),
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName,
          Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
        },
      },
    })),
  ],
};

describe('monitoring-no-error-alarm', () => {
  for (const [name, alarm] of [
    ['an alarm on another function', notifyingAlarm('billing-errors', 'Errors', 'billing')],
    ['an alarm with ActionsEnabled=false', { ...errors, ActionsEnabled: false }],
    ['an alarm without actions', { ...errors, AlarmActions: [] }],
    ['an alarm on Invocations only', notifyingAlarm('orders-api-invocations', 'Invocations')],
    ['an alarm in another namespace', { ...errors, Namespace: 'Custom/Orders' }],
    [
      'an alarm on a function whose name only starts the same',
      notifyingAlarm('orders-api-v2-errors', 'Errors', 'orders-api-v2'),
    ],
  ] as [string, MetricAlarm][])
    fires(`fires with ${name}, at low`, () => {
      const findings = run([alarm]);
      expect(findings).toEqual([
        expect.objectContaining({ check: 'monitoring-no-error-alarm', severity: 'low' }),
      ]);
      return findings;
    });

  it('names the alarms that watch Errors but cannot notify', () => {
    const [finding] = run([
      { ...errors, ActionsEnabled: false },
      { ...errors, AlarmName: 'mute', AlarmActions: [] },
    ]);
    expect(finding?.evidence).toMatchObject({
      silentAlarms: [
        { alarm: 'orders-api-errors', why: 'actions disabled' },
        { alarm: 'mute', why: 'no alarm action' },
      ],
    });
  });

  it('rises to medium when the function is internet-exposed', () => {
    expect(run([], 'internet-open').map((f) => f.severity)).toEqual(['medium']);
  });

  for (const [name, alarm] of [
    ['a FunctionName alarm', errors],
    [
      'an alias-dimension alarm (Resource = fn:qualifier)',
      { ...errors, Dimensions: [{ Name: 'Resource', Value: 'orders-api:live' }] },
    ],
    [
      'a FunctionName + Resource alarm on a version',
      {
        ...errors,
        Dimensions: [
          { Name: 'FunctionName', Value: 'orders-api' },
          { Name: 'Resource', Value: 'orders-api:7' },
        ],
      },
    ],
    ['an account-wide alarm (no dimension)', { ...errors, Dimensions: [] }],
    ['a metric-math error-rate alarm', errorRate],
  ] as [string, MetricAlarm][])
    silent(`stays silent with ${name} that notifies`, () => run([alarm]));

  dataMissing('yields nothing when the alarms could not be read', unread(makeSnapshot(), 'alarms'));
});
