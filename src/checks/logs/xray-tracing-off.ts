import type { TriggerKind } from '../../model.js';
import { type Check, INVOCATION_AREAS } from '../check.js';
import { eventSourceKind } from '../esm/event-source.js';

/** Event sources X-Ray cannot trace through. */
const UNTRACEABLE: ReadonlySet<TriggerKind> = new Set(['msk', 'kafka', 'mq', 'docdb']);

/**
 * Trips on `TracingConfig.Mode` other than `Active` (absent or `PassThrough`). Info when the
 * function has an MSK, Kafka, MQ or DocumentDB mapping, which X-Ray does not support.
 */
export const xrayTracingOff: Check = {
  id: 'xray-tracing-off',
  severity: 'low',
  categories: ['logs'],
  title: 'X-Ray active tracing is off',
  risk: 'Without traces, a slow or failing downstream call, or an unexpected one, is hard to see and to investigate.',
  remediation:
    'Set TracingConfig.Mode = Active and allow the role xray:PutTraceSegments and xray:PutTelemetryRecords.',
  dependsOn: { areas: INVOCATION_AREAS, severity: 'low' },
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    const mode = snapshot.configuration.TracingConfig?.Mode ?? 'PassThrough';
    if (mode === 'Active') return [];
    // Mappings may be unreadable (null); the trigger inventory then still knows the kinds.
    const kinds = [
      ...(snapshot.eventSourceMappings ?? []).map(eventSourceKind),
      ...context.triggers.map((t) => t.kind),
    ];
    const untraceable = [...new Set(kinds.filter((k): k is TriggerKind => k !== null && UNTRACEABLE.has(k)))];
    return [
      {
        ...(untraceable.length > 0 ? { severity: 'info' as const } : {}),
        detail:
          untraceable.length > 0
            ? `Tracing mode is ${mode}; X-Ray does not support the function's ${untraceable.join(', ')} source.`
            : `Tracing mode is ${mode}.`,
        evidence: { mode, unsupportedSources: untraceable },
      },
    ];
  },
};
