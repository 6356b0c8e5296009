/**
 * Lambda's REST-JSON API, the read operations lambda-audit uses. Paths and query parameters
 * are those of @aws-sdk/client-lambda's serializers; errors carry `x-amzn-ErrorType` and a JSON
 * body, which is how the SDK picks the exception class.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type FakeResponse,
  jsonResponse,
  paginate,
  type Route,
  type ServiceRouter,
  stableUuid,
} from './http.js';
import { isDenied } from './knobs.js';
import type { FakeState } from './state.js';
import { type Json, policyText, type WorldFunction, type WorldPolicyDocument } from './world.js';

const NOT_EXIST = 'The resource you requested does not exist.';

/** A function reference as Lambda accepts it, resolved against the caller's account and region. */
interface FunctionRef {
  account: string;
  region: string;
  name: string;
  qualifier?: string;
}

interface Resolved {
  fn: WorldFunction;
  arn: string;
  qualifier?: string;
}

type Handler = (req: FakeRequest, params: string[], api: string) => FakeResponse;

interface RouteSpec {
  api: string;
  pattern: RegExp;
  handler: Handler;
  /** The ARN an AccessDenied message names. */
  resource: (req: FakeRequest, params: string[]) => string;
}

export function lambdaRouter(state: FakeState): ServiceRouter {
  // Paths as @aws-sdk/client-lambda serializes them; FunctionName and ARNs arrive percent-encoded.
  const F = '([^/]+)';
  const routes: RouteSpec[] = [
    spec('ListFunctions', '/2015-03-31/functions/?', listFunctions, anyFunction),
    spec('GetFunctionConfiguration', `/2015-03-31/functions/${F}/configuration`, getConfiguration),
    spec('GetPolicy', `/2015-03-31/functions/${F}/policy`, getPolicy),
    spec('ListAliases', `/2015-03-31/functions/${F}/aliases`, listAliases),
    spec('GetFunction', `/2015-03-31/functions/${F}`, getFunction),
    spec('GetFunctionUrlConfig', `/2021-10-31/functions/${F}/url`, getUrlConfig),
    spec('ListFunctionUrlConfigs', `/2021-10-31/functions/${F}/urls`, listUrlConfigs),
    spec('ListEventSourceMappings', '/2015-03-31/event-source-mappings/?', listMappings, anyFunction),
    spec(
      'ListFunctionEventInvokeConfigs',
      `/2019-09-25/functions/${F}/event-invoke-config/list`,
      listInvokeConfigs,
    ),
    spec('GetFunctionCodeSigningConfig', `/2020-06-30/functions/${F}/code-signing-config`, getFunctionCsc),
    spec('ListCodeSigningConfigs', '/2020-04-22/code-signing-configs/?', listCscs, anyFunction),
    spec(
      'ListFunctionsByCodeSigningConfig',
      `/2020-04-22/code-signing-configs/${F}/functions`,
      listFunctionsByCsc,
      firstParam,
    ),
    spec('GetCodeSigningConfig', `/2020-04-22/code-signing-configs/${F}`, getCsc, firstParam),
    spec('ListTags', `/2017-03-31/tags/${F}`, listTags, firstParam),
    spec('GetFunctionConcurrency', `/2019-09-30/functions/${F}/concurrency`, getConcurrency),
  ];

  function spec(api: string, path: string, handler: Handler, resource = fnArn): RouteSpec {
    return { api, pattern: new RegExp(`^${path}$`), handler, resource };
  }

  function firstParam(_req: FakeRequest, params: string[]): string {
    return params[0] ?? '*';
  }

  function anyFunction(req: FakeRequest): string {
    return `arn:aws:lambda:${req.region}:${req.account}:function:*`;
  }

  function fnArn(req: FakeRequest, params: string[]): string {
    const ref = parseRef(params[0] ?? '', req);
    const qualifier = req.url.searchParams.get('Qualifier') ?? ref.qualifier;
    return functionArn(ref) + (qualifier ? `:${qualifier}` : '');
  }

  /** Finds the function (and checks the qualifier), or throws the error Lambda would answer. */
  function resolve(req: FakeRequest, raw: string, api: string): Resolved {
    const ref = parseRef(raw, req);
    const qualifier = req.url.searchParams.get('Qualifier') ?? ref.qualifier;
    const base = functionArn(ref);
    if (ref.account !== req.account) {
      // Cross-account reads need a resource policy granting them; the fake grants none.
      throw denied(api, base, req);
    }
    const fn = state
      .functions(ref.account, ref.region)
      .find((f) => f.Configuration.FunctionName === ref.name);
    const shown = base + (qualifier ? `:${qualifier}` : '');
    if (!fn || ref.region !== req.region) throw notFound(`Function not found: ${shown}`);
    if (qualifier && !qualifierExists(fn, qualifier)) throw notFound(`Function not found: ${shown}`);
    const arn = arnOf(fn, ref.account, ref.region);
    return qualifier ? { fn, arn, qualifier } : { fn, arn };
  }

  function configuration(resolved: Resolved): Record<string, Json> {
    const { fn, arn, qualifier } = resolved;
    const alias = fn.Aliases?.find((a) => a.Name === qualifier);
    const version = alias ? alias.FunctionVersion : (qualifier ?? fn.Configuration.Version ?? '$LATEST');
    const config: Record<string, Json> = {};
    for (const [key, value] of Object.entries(fn.Configuration)) if (value !== undefined) config[key] = value;
    return { ...config, FunctionArn: qualifier ? `${arn}:${qualifier}` : arn, Version: version };
  }

  /** One page of a Lambda list, with NextMarker only when more follow (SDK paginators stop on its absence). */
  function paged<T extends Json>(
    req: FakeRequest,
    key: string,
    items: T[],
    sizes: { size: number; max: number },
  ): FakeResponse {
    const page = paginate(items, req.url.searchParams.get('Marker'), maxItems(req), sizes, badMarker);
    const body: Record<string, Json> = { [key]: page.items };
    if (page.next) body.NextMarker = page.next;
    return jsonResponse(body);
  }

  function listFunctions(req: FakeRequest): FakeResponse {
    const fns = state.functions(req.account, req.region);
    const page = paginate(
      fns,
      req.url.searchParams.get('Marker'),
      maxItems(req),
      { size: 50, max: 50 },
      badMarker,
    );
    const body: Record<string, Json> = {
      Functions: page.items.map((fn) => configuration({ fn, arn: arnOf(fn, req.account, req.region) })),
    };
    if (page.next) body.NextMarker = page.next;
    return jsonResponse(body);
  }

  function getFunction(req: FakeRequest, params: string[], api: string): FakeResponse {
    const resolved = resolve(req, params[0] ?? '', api);
    const { fn } = resolved;
    const isImage = fn.Configuration.PackageType === 'Image';
    const body: Record<string, Json> = {
      Configuration: configuration(resolved),
      Code: isImage
        ? { RepositoryType: 'ECR', ImageUri: String(fn.Configuration.ImageUri ?? '') }
        : {
            RepositoryType: 'S3',
            Location: `https://awslambda-${req.region}-tasks.s3.${req.region}.amazonaws.com/snapshots/${req.account}/${fn.Configuration.FunctionName}-fake`,
          },
    };
    // AWS returns the tags only to a caller also allowed lambda:ListTags.
    if (fn.Tags && !isDenied(state.knobs, 'lambda:ListTags', req.account, resolved.arn)) body.Tags = fn.Tags;
    if (fn.Concurrency?.ReservedConcurrentExecutions !== undefined) {
      body.Concurrency = { ReservedConcurrentExecutions: fn.Concurrency.ReservedConcurrentExecutions };
    }
    return jsonResponse(body);
  }

  function getConfiguration(req: FakeRequest, params: string[], api: string): FakeResponse {
    return jsonResponse(configuration(resolve(req, params[0] ?? '', api)));
  }

  function getPolicy(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn, qualifier } = resolve(req, params[0] ?? '', api);
    let policy: WorldPolicyDocument | undefined;
    if (!qualifier || qualifier === '$LATEST') policy = fn.Policy;
    else policy = fn.Aliases?.find((a) => a.Name === qualifier)?.Policy;
    if (policy === undefined) throw notFound(NOT_EXIST);
    const text = policyText(policy);
    return jsonResponse({ Policy: text, RevisionId: stableUuid(text) });
  }

  function listAliases(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn, arn } = resolve(req, params[0] ?? '', api);
    const version = req.url.searchParams.get('FunctionVersion');
    const aliases = (fn.Aliases ?? [])
      .filter((a) => !version || a.FunctionVersion === version)
      .map(({ Policy: _policy, ...alias }) => ({
        ...withoutUndefined(alias),
        AliasArn: `${arn}:${alias.Name}`,
        RevisionId: stableUuid(`${arn}:${alias.Name}:${alias.FunctionVersion}`),
      }));
    return paged(req, 'Aliases', aliases, { size: 50, max: 10_000 });
  }

  function urlConfig(
    arn: string,
    url: NonNullable<WorldFunction['UrlConfigs']>[number],
  ): Record<string, Json> {
    const { Qualifier, ...rest } = url;
    return {
      CreationTime: '2024-01-01T00:00:00.000000Z',
      LastModifiedTime: '2024-01-01T00:00:00.000000Z',
      InvokeMode: 'BUFFERED',
      ...withoutUndefined(rest),
      FunctionArn: Qualifier ? `${arn}:${Qualifier}` : arn,
    };
  }

  function getUrlConfig(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn, arn, qualifier } = resolve(req, params[0] ?? '', api);
    const wanted = qualifier === '$LATEST' ? undefined : qualifier;
    const url = fn.UrlConfigs?.find((u) => u.Qualifier === wanted);
    if (!url) throw notFound(NOT_EXIST);
    return jsonResponse(urlConfig(arn, url));
  }

  function listUrlConfigs(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn, arn } = resolve(req, params[0] ?? '', api);
    const configs = (fn.UrlConfigs ?? []).map((url) => urlConfig(arn, url));
    return paged(req, 'FunctionUrlConfigs', configs, { size: 50, max: 50 });
  }

  function listMappings(req: FakeRequest): FakeResponse {
    let mappings = state.region(req.account, req.region).eventSourceMappings ?? [];
    const name = req.url.searchParams.get('FunctionName');
    if (name) {
      // Lambda matches the exact (un)qualified ARN: an alias's mappings need the alias ARN.
      const ref = parseRef(name, req);
      const wanted = functionArn(ref) + (ref.qualifier ? `:${ref.qualifier}` : '');
      mappings = mappings.filter((m) => m.FunctionArn === wanted);
    }
    const source = req.url.searchParams.get('EventSourceArn');
    if (source) mappings = mappings.filter((m) => m.EventSourceArn === source);
    return paged(req, 'EventSourceMappings', mappings.map(withoutUndefined), { size: 100, max: 10_000 });
  }

  function listInvokeConfigs(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn, arn } = resolve(req, params[0] ?? '', api);
    const configs = (fn.EventInvokeConfigs ?? []).map((c) => ({
      LastModified: 1_704_067_200,
      FunctionArn: `${arn}:$LATEST`,
      ...withoutUndefined(c),
    }));
    return paged(req, 'FunctionEventInvokeConfigs', configs, { size: 50, max: 50 });
  }

  function getFunctionCsc(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn } = resolve(req, params[0] ?? '', api);
    // Lambda answers 200 with an empty ARN when no config is attached.
    return jsonResponse({
      CodeSigningConfigArn: fn.CodeSigningConfigArn ?? '',
      FunctionName: fn.Configuration.FunctionName,
    });
  }

  function cscShape(config: NonNullable<ReturnType<typeof state.region>['codeSigningConfigs']>[number]) {
    const arn = config.CodeSigningConfigArn;
    return {
      CodeSigningConfigId: arn.slice(arn.lastIndexOf(':') + 1),
      AllowedPublishers: { SigningProfileVersionArns: [] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
      LastModified: '2024-01-01T00:00:00.000+0000',
      ...withoutUndefined(config),
    };
  }

  function findCsc(req: FakeRequest, arn: string) {
    const config = (state.region(req.account, req.region).codeSigningConfigs ?? []).find(
      (c) => c.CodeSigningConfigArn === arn,
    );
    if (!config) throw notFound(`Code signing configuration not found: ${arn}`);
    return config;
  }

  function getCsc(req: FakeRequest, params: string[]): FakeResponse {
    return jsonResponse({ CodeSigningConfig: cscShape(findCsc(req, params[0] ?? '')) });
  }

  function listCscs(req: FakeRequest): FakeResponse {
    const configs = (state.region(req.account, req.region).codeSigningConfigs ?? []).map(cscShape);
    return paged(req, 'CodeSigningConfigs', configs, { size: 50, max: 10_000 });
  }

  function listFunctionsByCsc(req: FakeRequest, params: string[]): FakeResponse {
    const arn = findCsc(req, params[0] ?? '').CodeSigningConfigArn;
    const fns = state
      .functions(req.account, req.region)
      .filter((fn) => fn.CodeSigningConfigArn === arn)
      .map((fn) => arnOf(fn, req.account, req.region));
    return paged(req, 'FunctionArns', fns, { size: 50, max: 10_000 });
  }

  function listTags(req: FakeRequest, params: string[]): FakeResponse {
    const arn = params[0] ?? '';
    const fn = state
      .functions(req.account, req.region)
      .find((f) => arnOf(f, req.account, req.region) === arn);
    if (!fn) throw notFound(`Function not found: ${arn}`);
    return jsonResponse({ Tags: fn.Tags ?? {} });
  }

  function getConcurrency(req: FakeRequest, params: string[], api: string): FakeResponse {
    const { fn } = resolve(req, params[0] ?? '', api);
    const reserved = fn.Concurrency?.ReservedConcurrentExecutions;
    return jsonResponse(reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved });
  }

  return {
    route(req: FakeRequest): Route {
      const path = req.url.pathname;
      for (const route of routes) {
        const match = req.method === 'GET' ? route.pattern.exec(path) : null;
        if (!match) continue;
        const params = match.slice(1).map((p) => decodeURIComponent(p));
        return {
          api: `lambda:${route.api}`,
          resource: route.resource(req, params),
          run: () => route.handler(req, params, `lambda:${route.api}`),
        };
      }
      return {
        api: 'lambda:Unknown',
        resource: '*',
        run: () => {
          throw new ApiError('UnknownOperationException', 404, `Unknown operation ${req.method} ${path}`);
        },
      };
    },
    render(error: ApiError, req: FakeRequest): FakeResponse {
      // Lambda's errors: the type in x-amzn-ErrorType, a JSON body with Type and Message.
      const messageKey = error.code === 'TooManyRequestsException' ? 'message' : 'Message';
      const body: Record<string, Json> = {
        Type: error.status >= 500 ? 'Service' : 'User',
        [messageKey]: error.message,
        ...error.extra.fields,
      };
      return {
        status: error.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': error.code,
          'x-amzn-requestid': req.requestId,
          ...error.extra.headers,
        },
        body: JSON.stringify(body),
      };
    },
    throttled(retryAfterSeconds: number): ApiError {
      return new ApiError('TooManyRequestsException', 429, 'Rate exceeded', {
        headers: { 'retry-after': retryAfterSeconds.toFixed(3) },
        fields: { Reason: 'CallerRateLimitExceeded' },
      });
    },
    denied,
    failure(): ApiError {
      return new ApiError('ServiceException', 500, 'An internal error occurred (injected by the fake).');
    },
  };
}

function denied(api: string, resource: string, req: FakeRequest): ApiError {
  return new ApiError('AccessDeniedException', 403, deniedMessage(req.callerArn, api, resource));
}

function notFound(message: string): ApiError {
  return new ApiError('ResourceNotFoundException', 404, message);
}

function badMarker(): ApiError {
  return new ApiError('InvalidParameterValueException', 400, 'Invalid marker');
}

function maxItems(req: FakeRequest): number | null {
  const raw = req.url.searchParams.get('MaxItems');
  return raw === null ? null : Number(raw);
}

/**
 * Lambda accepts a name (`my-fn`, `my-fn:alias`), a partial ARN (`123456789012:function:my-fn`)
 * or a full ARN, each optionally qualified.
 */
export function parseRef(raw: string, req: { account: string; region: string }): FunctionRef {
  const full = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::(.+))?$/.exec(raw);
  if (full) return ref(full[2]!, full[1]!, full[3]!, full[4]);
  const partial = /^(\d{12}):function:([^:]+)(?::(.+))?$/.exec(raw);
  if (partial) return ref(partial[1]!, req.region, partial[2]!, partial[3]);
  const [name = '', qualifier] = raw.split(':', 2);
  return ref(req.account, req.region, name, qualifier);
}

function ref(account: string, region: string, name: string, qualifier: string | undefined): FunctionRef {
  return qualifier ? { account, region, name, qualifier } : { account, region, name };
}

function functionArn(ref: FunctionRef): string {
  return `arn:aws:lambda:${ref.region}:${ref.account}:function:${ref.name}`;
}

/** The function's unqualified ARN: the world's, or derived from where it lives. */
function arnOf(fn: WorldFunction, account: string, region: string): string {
  return (
    fn.Configuration.FunctionArn ??
    `arn:aws:lambda:${region}:${account}:function:${fn.Configuration.FunctionName}`
  );
}

function qualifierExists(fn: WorldFunction, qualifier: string): boolean {
  if (qualifier === '$LATEST') return true;
  if (fn.Aliases?.some((a) => a.Name === qualifier || a.FunctionVersion === qualifier)) return true;
  return fn.Configuration.Version === qualifier;
}

function withoutUndefined(value: { [key: string]: Json | undefined }): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out;
}
