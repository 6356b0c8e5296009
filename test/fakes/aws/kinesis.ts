/**
 * Kinesis over JSON 1.1 (`X-Amz-Target: Kinesis_20131202.<Op>`), served over HTTP/2 as the SDK
 * client speaks it (see server.ts): DescribeStreamSummary (by StreamARN or StreamName) and
 * GetResourcePolicy (`{}` for a stream without one). Errors: 400 `ResourceNotFoundException`,
 * `AccessDeniedException`, and `LimitExceededException` when throttled, as Kinesis sends them.
 */
import { ApiError, deniedMessage, type FakeRequest, jsonProtocolError, type ServiceRouter } from './http.js';
import { type JsonInput, optionalString, routeJson } from './json-rpc.js';
import type { FakeState } from './state.js';
import { policyText, resourceIn } from './streams-shared.js';
import type { Json } from './world.js';
import type { WorldKinesisStream } from './world-streams.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function kinesisRouter(state: FakeState): ServiceRouter {
  const arnOf = (req: FakeRequest, name: string) =>
    `arn:aws:kinesis:${req.region}:${req.account}:stream/${name}`;

  function find(req: FakeRequest, nameOrArn: string): WorldKinesisStream {
    const name = resourceIn(req, nameOrArn, 'stream/');
    const stream = (state.region(req.account, req.region).kinesisStreams ?? []).find(
      (s) => s.StreamName === name,
    );
    if (!stream)
      throw new ApiError(
        'ResourceNotFoundException',
        400,
        `Stream ${name} under account ${req.account} not found.`,
      );
    return stream;
  }

  function describeStreamSummary(input: JsonInput, req: FakeRequest): Json {
    const stream = find(req, optionalString(input.StreamARN) ?? optionalString(input.StreamName) ?? '');
    return {
      StreamDescriptionSummary: {
        StreamName: stream.StreamName,
        StreamARN: arnOf(req, stream.StreamName),
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: 1_735_689_600,
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: stream.EncryptionType ?? 'NONE',
        ...(stream.KeyId ? { KeyId: stream.KeyId } : {}),
        OpenShardCount: 1,
        ConsumerCount: 0,
      },
    };
  }

  function getResourcePolicy(input: JsonInput, req: FakeRequest): Json {
    const stream = find(req, optionalString(input.ResourceARN) ?? '');
    return { Policy: stream.Policy ? policyText(stream.Policy) : '{}' };
  }

  const resource = (field: string) => (input: JsonInput, req: FakeRequest) => {
    const value = optionalString(input[field]) ?? optionalString(input.StreamName) ?? '*';
    return value.startsWith('arn:') ? value : arnOf(req, value);
  };

  return {
    route: (req) =>
      routeJson(
        'kinesis',
        CONTENT_TYPE,
        {
          DescribeStreamSummary: { resource: resource('StreamARN'), run: describeStreamSummary },
          GetResourcePolicy: { resource: resource('ResourceARN'), run: getResourcePolicy },
        },
        req,
      ),
    render: (error, req) => jsonProtocolError(error, req, CONTENT_TYPE),
    throttled: () => new ApiError('LimitExceededException', 400, 'Rate exceeded for stream control plane.'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalFailure', 500, 'Internal error (injected by the fake)'),
  };
}
