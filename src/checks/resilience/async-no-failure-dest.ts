import { type Check, INVOCATION_AREAS } from '../check.js';

/**
 * Trips when neither `DeadLetterConfig.TargetArn` nor an `OnFailure` destination in any
 * event-invoke config (function, version or alias) is set: an asynchronous event that fails all
 * retries is dropped. Medium when the trigger inventory has an asynchronous source (S3, SNS,
 * EventBridge, ...) or the triggers could not all be read (dependsOn); a function with no
 * asynchronous source is out of scope (checks.md), and a scan does not read its configs.
 */
export const asyncNoFailureDest: Check = {
  id: 'async-no-failure-dest',
  severity: 'medium',
  categories: ['resilience'],
  title: 'Failed asynchronous invocations are dropped',
  risk: 'After two retries Lambda discards the event: orders, uploads or notifications vanish without a trace.',
  remediation:
    'Add an on-failure destination (SQS, SNS, EventBridge or another function) with PutFunctionEventInvokeConfig, or a dead-letter queue, and alarm on it.',
  dependsOn: { areas: INVOCATION_AREAS, severity: 'medium' },
  requires: ['configuration', 'eventInvokeConfigs'],
  actions: ['lambda:GetFunction', 'lambda:ListFunctionEventInvokeConfigs'],
  run(snapshot, context) {
    if (snapshot.configuration.DeadLetterConfig?.TargetArn) return [];
    const invokeConfigs = snapshot.eventInvokeConfigs ?? [];
    if (invokeConfigs.some((c) => c.DestinationConfig?.OnFailure?.Destination)) return [];
    const asyncSources = context.triggers.filter((t) => t.async).map((t) => `${t.kind}: ${t.source}`);
    // checks.md: a function with no asynchronous source is out of scope, unless the inventory is
    // incomplete (then dependsOn raises the finding: an unread policy may hide one).
    const inventoryGap = snapshot.unverified.some((g) =>
      (INVOCATION_AREAS as readonly string[]).includes(g.area),
    );
    if (asyncSources.length === 0 && !inventoryGap) return [];
    return [
      {
        ...(asyncSources.length === 0 ? { severity: 'info' as const } : {}),
        detail:
          asyncSources.length > 0
            ? `No dead-letter queue or on-failure destination, and ${asyncSources.length} asynchronous source${
                asyncSources.length === 1 ? '' : 's'
              } invoke${asyncSources.length === 1 ? 's' : ''} the function.`
            : 'No dead-letter queue or on-failure destination for asynchronous invocations.',
        evidence: { deadLetterTarget: null, onFailureDestination: null, asyncSources },
      },
    ];
  },
};
