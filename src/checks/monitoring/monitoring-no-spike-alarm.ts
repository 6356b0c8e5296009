import { isInternetExposed } from '../../exposure.js';
import { missingAlarm } from '../../monitoring/alarms.js';
import { type Check, INVOCATION_AREAS } from '../check.js';

const SPIKE_METRICS = ['Invocations', 'Throttles', 'ConcurrentExecutions'];

/**
 * Trips when no alarm that can notify someone watches the function's `Invocations`, `Throttles`
 * or `ConcurrentExecutions` (an anomaly-detection band counts). Info; low when internet-exposed.
 */
export const monitoringNoSpikeAlarm: Check = {
  id: 'monitoring-no-spike-alarm',
  severity: 'info',
  categories: ['monitoring'],
  title: 'No alarm tells anyone when invocations spike',
  risk: 'A flood of invocations (abuse, denial of wallet, a runaway trigger) runs up cost and exhausts concurrency before anyone notices.',
  remediation:
    "Alarm on the function's Invocations or ConcurrentExecutions (an anomaly-detection band suits traffic that varies) or on Throttles, with an action that reaches someone.",
  dependsOn: { areas: INVOCATION_AREAS, severity: 'low' },
  requires: ['alarms'],
  actions: ['cloudwatch:DescribeAlarms'],
  run(snapshot, context) {
    const missing = missingAlarm(snapshot.alarms ?? [], snapshot.configuration.FunctionName, SPIKE_METRICS);
    if (!missing) return [];
    const exposed = isInternetExposed(context.exposure);
    return [
      {
        ...(exposed ? { severity: 'low' as const } : {}),
        detail: `No alarm with an action watches the function's ${SPIKE_METRICS.join(', ')}.`,
        evidence: { metrics: SPIKE_METRICS, ...missing, internetExposed: exposed },
      },
    ];
  },
};
