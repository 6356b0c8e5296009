/**
 * CloudWatch over JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`), the protocol
 * the current SDK speaks, in its query-compatible form: errors carry `__type` and the
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header the SDK reads the error code from.
 * DescribeAlarms pages with MaxRecords (≤ 100, default 50) and NextToken; without AlarmTypes it
 * returns metric alarms only, as AWS does.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type FakeResponse,
  paginate,
  type ServiceRouter,
} from './http.js';
import { type JsonInput, optionalNumber, optionalString, routeJson, stringList } from './json-rpc.js';
import type { FakeState } from './state.js';
import type { Json } from './world.js';
import type { WorldMetricAlarm } from './world-monitoring.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** 2024-01-01, in seconds: JSON 1.0 timestamps are epoch seconds. */
const UPDATED = 1_704_067_200;

export function cloudwatchRouter(state: FakeState): ServiceRouter {
  function describeAlarms(input: JsonInput, req: FakeRequest): Json {
    const names = stringList(input.AlarmNames);
    const prefix = optionalString(input.AlarmNamePrefix);
    if (names && prefix !== undefined) {
      throw new ApiError(
        'InvalidParameterCombination',
        400,
        'AlarmNames and AlarmNamePrefix cannot be used together.',
      );
    }
    const max = optionalNumber(input.MaxRecords);
    if (max !== undefined && (max < 1 || max > 100)) {
      throw new ApiError('InvalidParameterValue', 400, 'The value for MaxRecords must be between 1 and 100.');
    }
    const types = stringList(input.AlarmTypes) ?? ['MetricAlarm'];
    const state_ = optionalString(input.StateValue);
    const actionPrefix = optionalString(input.ActionPrefix);
    const alarms = (state.region(req.account, req.region).metricAlarms ?? [])
      .filter((a) => !names || names.includes(a.AlarmName))
      .filter((a) => prefix === undefined || a.AlarmName.startsWith(prefix))
      .filter((a) => state_ === undefined || (a.StateValue ?? 'OK') === state_)
      .filter(
        (a) => actionPrefix === undefined || (a.AlarmActions ?? []).some((x) => x.startsWith(actionPrefix)),
      )
      .sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
    const page = paginate(
      types.includes('MetricAlarm') ? alarms : [],
      optionalString(input.NextToken),
      max,
      { size: 50, max: 100 },
      () => new ApiError('InvalidNextToken', 400, 'The service returned an invalid next token.'),
    );
    const body: Record<string, Json> = { MetricAlarms: page.items.map((a) => describe(a, req)) };
    if (types.includes('CompositeAlarm')) body.CompositeAlarms = [];
    if (page.next) body.NextToken = page.next;
    return body;
  }

  function describe(alarm: WorldMetricAlarm, req: FakeRequest): Record<string, Json> {
    const out: Record<string, Json> = {
      AlarmArn: `arn:aws:cloudwatch:${req.region}:${req.account}:alarm:${alarm.AlarmName}`,
      AlarmConfigurationUpdatedTimestamp: UPDATED,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      StateValue: 'OK',
      StateReason: 'Threshold Crossed: no datapoints were received.',
      StateUpdatedTimestamp: UPDATED,
      Dimensions: [],
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    };
    for (const [key, value] of Object.entries(alarm)) if (value !== undefined) out[key] = value;
    return out;
  }

  return {
    route: (req) =>
      routeJson(
        'cloudwatch',
        CONTENT_TYPE,
        {
          DescribeAlarms: {
            resource: (_i, r) => `arn:aws:cloudwatch:${r.region}:${r.account}:alarm:*`,
            run: describeAlarms,
          },
        },
        req,
      ),
    render(error: ApiError, req: FakeRequest): FakeResponse {
      const fault = error.status >= 500 ? 'Receiver' : 'Sender';
      return {
        status: error.status,
        headers: {
          'content-type': CONTENT_TYPE,
          'x-amzn-requestid': req.requestId,
          'x-amzn-query-error': `${error.code};${fault}`,
          ...error.extra.headers,
        },
        body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${error.code}`, message: error.message }),
      };
    },
    throttled: () => new ApiError('Throttling', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDenied', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () =>
      new ApiError(
        'InternalServiceError',
        500,
        'Request processing has failed due to some unknown error (injected by the fake).',
      ),
  };
}
