/**
 * Routing for the AWS JSON protocols (1.0 and 1.1): the operation is the part of
 * `X-Amz-Target` after the last dot, the input is the JSON body. Shared by the CloudWatch and
 * CloudTrail fakes; each renders its own errors.
 */
import { ApiError, type FakeRequest, jsonResponse, type Route } from './http.js';
import type { Json } from './world.js';

export type JsonInput = Record<string, unknown>;

export interface JsonOperation {
  /** The ARN AccessDenied messages name. */
  resource: (input: JsonInput, req: FakeRequest) => string;
  run: (input: JsonInput, req: FakeRequest) => Json;
}

/** Routes one request to its operation; an unknown target answers `UnknownOperationException`. */
export function routeJson(
  prefix: string,
  contentType: string,
  operations: Record<string, JsonOperation>,
  req: FakeRequest,
): Route {
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.slice(target.lastIndexOf('.') + 1);
  const operation = operations[name];
  let input: JsonInput = {};
  try {
    input = req.body ? (JSON.parse(req.body) as JsonInput) : {};
  } catch {
    // Left empty: the operation reports its missing parameters.
  }
  if (!operation) {
    return {
      api: `${prefix}:${name || 'Unknown'}`,
      resource: '*',
      run: () => {
        throw new ApiError('UnknownOperationException', 400, `Unknown operation ${target}`);
      },
    };
  }
  return {
    api: `${prefix}:${name}`,
    resource: operation.resource(input, req),
    run: () => jsonResponse(operation.run(input, req), contentType),
  };
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}
