/**
 * EventBridge over JSON 1.1 (`X-Amz-Target: AWSEvents.<Op>`): DescribeRule and DescribeEventBus,
 * by name or ARN; every region has the `default` bus. Errors as EventBridge sends them: 400
 * `ResourceNotFoundException`, `AccessDeniedException`, `ThrottlingException`. Another account's
 * rule or bus is denied (the fake grants the auditor nothing across accounts).
 */
import { ApiError, deniedMessage, type FakeRequest, jsonProtocolError, type ServiceRouter } from './http.js';
import { type JsonInput, optionalString, routeJson } from './json-rpc.js';
import type { FakeState } from './state.js';
import { nameIn, policyText, resourceIn } from './streams-shared.js';
import type { Json } from './world.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function eventsRouter(state: FakeState): ServiceRouter {
  const arnOf = (req: FakeRequest, resource: string) =>
    `arn:aws:events:${req.region}:${req.account}:${resource}`;
  /** A bus name or ARN -> its name in the account the ARN names. */
  const busName = (req: FakeRequest, nameOrArn: string | undefined) =>
    resourceIn(req, nameOrArn ?? 'default', 'event-bus/');

  function describeRule(input: JsonInput, req: FakeRequest): Json {
    const bus = busName(req, optionalString(input.EventBusName));
    const name = optionalString(input.Name) ?? '';
    const rule = (state.region(req.account, req.region).eventRules ?? []).find(
      (r) => r.Name === name && (r.EventBusName ?? 'default') === bus,
    );
    if (!rule)
      throw new ApiError('ResourceNotFoundException', 400, `Rule ${name} does not exist on EventBus ${bus}.`);
    return {
      Name: rule.Name,
      Arn: arnOf(req, bus === 'default' ? `rule/${rule.Name}` : `rule/${bus}/${rule.Name}`),
      EventBusName: bus,
      State: rule.State ?? 'ENABLED',
      ...(rule.ScheduleExpression ? { ScheduleExpression: rule.ScheduleExpression } : {}),
      ...(rule.EventPattern ? { EventPattern: policyText(rule.EventPattern) } : {}),
      CreatedBy: req.account,
    };
  }

  function describeEventBus(input: JsonInput, req: FakeRequest): Json {
    const name = busName(req, optionalString(input.Name));
    const bus = (state.region(req.account, req.region).eventBuses ?? []).find((b) => b.Name === name);
    if (!bus && name !== 'default')
      throw new ApiError('ResourceNotFoundException', 400, `Event bus ${name} does not exist.`);
    return {
      Name: name,
      Arn: arnOf(req, `event-bus/${name}`),
      ...(bus?.Policy ? { Policy: policyText(bus.Policy) } : {}),
      ...(bus?.KmsKeyIdentifier ? { KmsKeyIdentifier: bus.KmsKeyIdentifier } : {}),
      CreationTime: 1_735_689_600,
    };
  }

  return {
    route: (req) =>
      routeJson(
        'events',
        CONTENT_TYPE,
        {
          DescribeRule: {
            resource: (i, r) =>
              arnOf(
                r,
                `rule/${nameIn(optionalString(i.EventBusName) ?? 'default', 'event-bus/')}/${optionalString(i.Name) ?? ''}`,
              ),
            run: describeRule,
          },
          DescribeEventBus: {
            resource: (i, r) =>
              arnOf(r, `event-bus/${nameIn(optionalString(i.Name) ?? 'default', 'event-bus/')}`),
            run: describeEventBus,
          },
        },
        req,
      ),
    render: (error, req) => jsonProtocolError(error, req, CONTENT_TYPE),
    throttled: () => new ApiError('ThrottlingException', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalException', 500, 'Internal error (injected by the fake)'),
  };
}
