/**
 * DynamoDB over JSON 1.0 (`X-Amz-Target: DynamoDB_20120810.<Op>`): DescribeTable (by name or
 * ARN) and GetResourcePolicy (a table's or its stream's ARN; 400 `PolicyNotFoundException` when
 * there is none). Errors carry DynamoDB's namespaced `__type`
 * (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`).
 */
import { ApiError, deniedMessage, type FakeRequest, jsonProtocolError, type ServiceRouter } from './http.js';
import { type JsonInput, optionalString, routeJson } from './json-rpc.js';
import type { FakeState } from './state.js';
import { policyText, resourceIn } from './streams-shared.js';
import type { Json } from './world.js';
import type { WorldTable } from './world-streams.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';

export function dynamodbRouter(state: FakeState): ServiceRouter {
  const arnOf = (req: FakeRequest, name: string) =>
    `arn:aws:dynamodb:${req.region}:${req.account}:table/${name}`;

  function find(req: FakeRequest, nameOrArn: string): WorldTable {
    const name = resourceIn(req, nameOrArn, 'table/');
    const table = (state.region(req.account, req.region).tables ?? []).find((t) => t.TableName === name);
    if (!table)
      throw new ApiError(
        'ResourceNotFoundException',
        400,
        `Requested resource not found: Table: ${name} not found`,
      );
    return table;
  }

  function describeTable(input: JsonInput, req: FakeRequest): Json {
    const table = find(req, optionalString(input.TableName) ?? '');
    const arn = arnOf(req, table.TableName);
    return {
      Table: {
        TableName: table.TableName,
        TableArn: arn,
        TableId: `${table.TableName.length.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
        TableStatus: 'ACTIVE',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        CreationDateTime: 1_735_689_600,
        ItemCount: 0,
        TableSizeBytes: 0,
        ...(table.LatestStreamLabel
          ? {
              StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
              LatestStreamLabel: table.LatestStreamLabel,
              LatestStreamArn: `${arn}/stream/${table.LatestStreamLabel}`,
            }
          : {}),
        ...(table.SSEDescription ? { SSEDescription: table.SSEDescription } : {}),
      },
    };
  }

  function getResourcePolicy(input: JsonInput, req: FakeRequest): Json {
    const table = find(req, optionalString(input.ResourceArn) ?? '');
    if (!table.Policy)
      throw new ApiError(
        'PolicyNotFoundException',
        400,
        `Resource-based policy not found for the provided ResourceArn: ${optionalString(input.ResourceArn)}`,
      );
    return { Policy: policyText(table.Policy), RevisionId: '1735689600000' };
  }

  const resource = (field: string) => (input: JsonInput, req: FakeRequest) => {
    const value = optionalString(input[field]) ?? '*';
    return value.startsWith('arn:') ? value : arnOf(req, value);
  };

  return {
    route: (req) =>
      routeJson(
        'dynamodb',
        CONTENT_TYPE,
        {
          DescribeTable: { resource: resource('TableName'), run: describeTable },
          GetResourcePolicy: { resource: resource('ResourceArn'), run: getResourcePolicy },
        },
        req,
      ),
    render: (error, req) =>
      jsonProtocolError(
        new ApiError(`${NAMESPACE}${error.code}`, error.status, error.message, error.extra),
        req,
        CONTENT_TYPE,
      ),
    throttled: () =>
      new ApiError('ThrottlingException', 400, 'Rate of requests exceeds the allowed throughput.'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalServerError', 500, 'Internal server error (injected by the fake)'),
  };
}
