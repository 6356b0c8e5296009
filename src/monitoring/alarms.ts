/**
 * Which CloudWatch alarms watch a function, as checks.md reads them: an alarm on the function's
 * `AWS/Lambda` metric with dimension `FunctionName` = the function, or `Resource` = the function
 * or one of its qualifiers (`<fn>:<qualifier>`), or no dimension at all (account-wide); a
 * metric-math alarm (anomaly bands included) when one of its metrics qualifies.
 */
import type { MetricAlarm, MetricRef } from '../model.js';

const LAMBDA_NAMESPACE = 'AWS/Lambda';

/** The metrics an alarm reads: its own metric, or every metric of its math. */
export function alarmMetrics(alarm: MetricAlarm): MetricRef[] {
  const own: MetricRef[] = alarm.MetricName
    ? [{ Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions }]
    : [];
  const math = (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat?.Metric ? [m.MetricStat.Metric] : []));
  return [...own, ...math];
}

/** Does this Lambda metric cover the function (by name, by qualifier, or account-wide)? */
export function metricCoversFunction(metric: MetricRef, functionName: string): boolean {
  if (metric.Namespace !== LAMBDA_NAMESPACE) return false;
  const dimensions = metric.Dimensions ?? [];
  if (dimensions.length === 0) return true;
  const name = dimensions.find((d) => d.Name === 'FunctionName')?.Value;
  const resource = dimensions.find((d) => d.Name === 'Resource')?.Value;
  const ofFunction = (value: string) => value === functionName || value.startsWith(`${functionName}:`);
  if (name !== undefined) return name === functionName && (resource === undefined || ofFunction(resource));
  return resource !== undefined && ofFunction(resource);
}

/** An alarm can tell someone only with its actions enabled and at least one alarm action. */
export function alarmNotifies(alarm: MetricAlarm): boolean {
  return alarm.ActionsEnabled === true && (alarm.AlarmActions?.length ?? 0) > 0;
}

/** The alarm watches one of `metricNames` for the function. */
export function alarmWatches(
  alarm: MetricAlarm,
  functionName: string,
  metricNames: readonly string[],
): boolean {
  return alarmMetrics(alarm).some(
    (m) => metricNames.includes(m.MetricName ?? '') && metricCoversFunction(m, functionName),
  );
}

/** The alarm reads some Lambda metric of the function: worth keeping in its snapshot. */
export function alarmConcerns(alarm: MetricAlarm, functionName: string): boolean {
  return alarmMetrics(alarm).some((m) => metricCoversFunction(m, functionName));
}

/** Why an alarm on the metric cannot notify anyone, for evidence. */
export function silentBecause(alarm: MetricAlarm): string {
  return alarm.ActionsEnabled !== true ? 'actions disabled' : 'no alarm action';
}

/**
 * What an alarm check reports when no alarm that can notify watches the function's metrics:
 * null when one does; else the alarms that watch them but cannot notify (evidence).
 */
export function missingAlarm(
  alarms: readonly MetricAlarm[],
  functionName: string,
  metricNames: readonly string[],
): { silentAlarms: { alarm: string; why: string }[] } | null {
  const watching = alarms.filter((a) => alarmWatches(a, functionName, metricNames));
  if (watching.some(alarmNotifies)) return null;
  return { silentAlarms: watching.map((a) => ({ alarm: a.AlarmName, why: silentBecause(a) })) };
}
