/**
 * Reads the EventBridge side of the invocation paths: a rule named by a function grant's
 * `aws:SourceArn` (DescribeRule: its bus, and whether a schedule triggers it), then the bus of
 * a rule that events trigger (DescribeEventBus: who may put events, the key it encrypts with).
 */
import { DescribeEventBusCommand, DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { parseArn } from '../../arn.js';
import type { AwsClients } from '../../aws/clients.js';
import { busArnOf, parseRuleArn } from '../../invocation/stores.js';
import type { TriggerSource, Unverified } from '../../model.js';
import { policyOf, readOne } from './messages.js';

/**
 * A source in another region than the clients' cannot be read with them: `unread`, with its gap.
 * (Another account's source is read: its policy may let the audit in, and a denial is a gap.)
 */
export function elsewhere(
  clients: AwsClients,
  arn: string,
  api: string,
  gaps: Unverified[],
): TriggerSource | null {
  const region = parseArn(arn)?.region ?? '';
  if (region === clients.region) return null;
  const reason = `the source is in ${region}; only the function's region (${clients.region}) is read`;
  gaps.push({ area: 'triggers', api, reason });
  return { type: 'unread', arn, api, reason };
}

export async function readRule(clients: AwsClients, arn: string, gaps: Unverified[]): Promise<TriggerSource> {
  const api = 'events:DescribeRule';
  const other = elsewhere(clients, arn, api, gaps);
  if (other) return other;
  const { bus = 'default', name = '' } = parseRuleArn(arn) ?? {};
  return readOne(arn, api, gaps, async () => {
    const rule = await clients.events.send(
      // The bus as an ARN: it also names another account's bus.
      new DescribeRuleCommand({ Name: name, EventBusName: busArnOf(arn, bus) }),
    );
    return {
      type: 'event-rule',
      arn,
      rule: {
        Name: rule.Name ?? name,
        EventBusName: rule.EventBusName ?? bus,
        ...(rule.ScheduleExpression ? { ScheduleExpression: rule.ScheduleExpression } : {}),
        ...(rule.EventPattern ? { EventPattern: rule.EventPattern } : {}),
        ...(rule.State ? { State: rule.State } : {}),
      },
    };
  });
}

export async function readBus(clients: AwsClients, arn: string, gaps: Unverified[]): Promise<TriggerSource> {
  const api = 'events:DescribeEventBus';
  const other = elsewhere(clients, arn, api, gaps);
  if (other) return other;
  return readOne(arn, api, gaps, async () => {
    const bus = await clients.events.send(new DescribeEventBusCommand({ Name: arn }));
    return {
      type: 'event-bus',
      arn,
      store: {
        policy: { document: policyOf(bus.Policy) },
        // Without a key of its own, EventBridge encrypts with a key AWS owns.
        encryption: bus.KmsKeyIdentifier ? { kind: 'kms', keyId: bus.KmsKeyIdentifier } : { kind: 'service' },
      },
    };
  });
}
