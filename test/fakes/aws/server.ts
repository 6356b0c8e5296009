/**
 * One local HTTP server that answers Lambda, IAM, STS, CloudWatch Logs and the other services the
 * way AWS does on the wire, so the real SDK clients can be pointed at it with `endpoint` or
 * AWS_ENDPOINT_URL. One port speaks HTTP/1.1 and cleartext HTTP/2 (the Kinesis client's): a
 * connection that opens with HTTP/2's preface goes to the HTTP/2 server, any other to HTTP/1.1.
 * Every call is counted; knobs add latency, throttling, failures and AccessDenied.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { accountRouter, isDisabledRegion } from './account.js';
import { apigatewayRouter } from './apigateway.js';
import { identify, serviceOf } from './auth.js';
import { cloudtrailRouter } from './cloudtrail.js';
import { cloudwatchRouter } from './cloudwatch.js';
import { dynamodbRouter } from './dynamodb.js';
import { ec2Router } from './ec2.js';
import { elbv2Router } from './elbv2.js';
import { eventsRouter } from './events.js';
import { guarddutyRouter } from './guardduty.js';
import {
  ApiError,
  type FakeRequest,
  type FakeResponse,
  type Route,
  type ServiceName,
  type ServiceRouter,
} from './http.js';
import { iamRouter } from './iam.js';
import { kinesisRouter } from './kinesis.js';
import { kmsRouter } from './kms.js';
import { isDenied, type Knobs, latencyFor } from './knobs.js';
import { lambdaRouter } from './lambda.js';
import { logsRouter } from './logs.js';
import { organizationsRouter } from './organizations.js';
import { s3Router } from './s3.js';
import { snsRouter } from './sns.js';
import { sqsRouter } from './sqs.js';
import { SqsQueues } from './sqs-queues.js';
import { FakeState } from './state.js';
import { stsRouter } from './sts.js';
import type { World } from './world.js';

export interface FakeAwsOptions extends Knobs {
  world: World;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Hears every call once it is answered (benches build their call logs from it). */
  onCall?: (call: FakeAwsCall) => void;
}

/** One answered call: its API ('iam:GetPolicy') and when it arrived and was answered (epoch ms, fractional). */
export interface FakeAwsCall {
  api: string;
  arrived: number;
  answered: number;
}

/** What the counters hold, as plain records keyed 'lambda:GetPolicy'. */
export interface FakeAwsCounts {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  denied: Record<string, number>;
  failed: Record<string, number>;
  delayed: Record<string, number>;
  /** Refused with ExpiredToken, by service. */
  expired: Record<string, number>;
  total: number;
  /** TCP connections accepted (a client that keeps its connections alive opens few). */
  connections: number;
}

export interface FakeAws {
  /** Base URL, e.g. http://127.0.0.1:54321 — give it to the SDK as `endpoint`. */
  url: string;
  /** Live call counts by API, including throttled, denied and failed calls. */
  calls: Map<string, number>;
  /** Live count of throttled calls by API. */
  throttled: Map<string, number>;
  /** A snapshot of all counters. */
  counts(): FakeAwsCounts;
  /** Clears counters and rate-limit/failure state. */
  reset(): void;
  setKnobs(knobs: Partial<Knobs>): void;
  setWorld(world: World): void;
  /** SQS's test hooks: enqueue as EventBridge would, look at a queue, move the SQS clock. */
  sqs: Pick<SqsQueues, 'enqueue' | 'messages' | 'purge' | 'advance'>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1. */
export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const { world, port = 0, onCall, ...knobs } = options;
  const state = new FakeState(world, knobs);
  const queues = new SqsQueues(state);
  const routers: Record<ServiceName, ServiceRouter> = {
    lambda: lambdaRouter(state),
    iam: iamRouter(state),
    sts: stsRouter(state),
    logs: logsRouter(state),
    sqs: sqsRouter(queues),
    monitoring: cloudwatchRouter(state),
    cloudtrail: cloudtrailRouter(state),
    guardduty: guarddutyRouter(state),
    ec2: ec2Router(state),
    apigateway: apigatewayRouter(state),
    sns: snsRouter(state),
    kms: kmsRouter(state),
    s3: s3Router(state),
    events: eventsRouter(state),
    kinesis: kinesisRouter(state),
    dynamodb: dynamodbRouter(state),
    elasticloadbalancing: elbv2Router(state),
    organizations: organizationsRouter(state),
    account: accountRouter(state),
  };

  const serve = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake, not an AWS error: say so plainly rather than hang the client.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(
        `fake AWS internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
  };
  const http1 = createServer(serve);
  const http2 = createHttp2Server(serve);
  const sockets = new Set<Socket>();
  let connections = 0;
  // HTTP/2 with prior knowledge opens with 'PRI * HTTP/2.0': look at the first bytes, put them
  // back, and hand the connection to the server that speaks its protocol.
  const server = createNetServer((socket) => {
    sockets.add(socket);
    connections++;
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (head: Buffer) => {
      socket.pause();
      socket.unshift(head);
      (head.toString('latin1', 0, 3) === 'PRI' ? http2 : http1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  async function handle(
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
  ): Promise<void> {
    const arrived = performance.timeOrigin + performance.now();
    const body = await readBody(req);
    const caller = identify(req.headers, state);
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const service = serviceOf(caller, req.headers, url.pathname, body);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      body,
      service,
      accessKeyId: caller.accessKeyId,
      account: caller.account,
      region: caller.region,
      callerArn: caller.callerArn,
      requestId: randomUUID(),
    };
    const router = routers[service];
    const { api, response } = await answer(router, request);
    onCall?.({ api, arrived, answered: performance.timeOrigin + performance.now() });
    res.writeHead(response.status, {
      'x-amzn-requestid': request.requestId,
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
  }

  /** Counts, applies the knobs in the order AWS would (throttle, authorize, fail), then answers. */
  async function answer(
    router: ServiceRouter,
    req: FakeRequest,
  ): Promise<{ api: string; response: FakeResponse }> {
    const route = router.route(req);
    return { api: route.api, response: await answerRoute(router, route, req) };
  }

  async function answerRoute(router: ServiceRouter, route: Route, req: FakeRequest): Promise<FakeResponse> {
    state.count('calls', route.api);
    // Credentials are checked first (AWS rejects the signature before anything else); the
    // throttling decision is made on arrival; the latency applies to every answer.
    let outcome: ApiError | null = credentialsRefused(req);
    const retryAfter = outcome ? 0 : state.limiter.take(route.api, req.account, req.region);
    if (outcome) {
      // Counted as expired (see credentialsRefused) or, for a disabled region, not at all.
    } else if (retryAfter > 0) {
      state.count('throttled', route.api);
      outcome = router.throttled(retryAfter);
    } else if (isDenied(state.knobs, route.api, req.account, route.resource)) {
      state.count('denied', route.api);
      outcome = router.denied(route.api, route.resource, req);
    } else if (state.failures.shouldFail(route.api)) {
      state.count('failed', route.api);
      outcome = router.failure();
    }
    const latency = latencyFor(state.knobs, route.api);
    if (latency > 0) {
      state.count('delayed', route.api);
      await new Promise((resolve) => setTimeout(resolve, latency));
    }
    if (outcome) return router.render(outcome, req);
    try {
      return await route.run();
    } catch (error) {
      if (error instanceof ApiError) return router.render(error, req);
      throw error;
    }
  }

  /**
   * Expired assumed-role credentials (ExpiredToken, as AWS says it), and any call into a region
   * the account has not enabled (UnrecognizedClientException: the region does not know the key).
   */
  function credentialsRefused(req: FakeRequest): ApiError | null {
    const session = state.sessions.get(req.accessKeyId);
    if (session && session.expiresAt <= state.now()) {
      state.count('expired', req.service);
      const query = ['iam', 'sts', 'sns', 'ec2'].includes(req.service);
      return new ApiError(
        query ? 'ExpiredToken' : 'ExpiredTokenException',
        query ? 400 : 403,
        'The security token included in the request is expired',
      );
    }
    if (!GLOBAL.has(req.service) && isDisabledRegion(state, req.account, req.region))
      return new ApiError(
        'UnrecognizedClientException',
        403,
        'The security token included in the request is invalid.',
      );
    return null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    calls: state.counters.calls,
    throttled: state.counters.throttled,
    counts(): FakeAwsCounts {
      const record = (map: Map<string, number>) =>
        Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
      const calls = record(state.counters.calls);
      return {
        calls,
        expired: record(state.counters.expired),
        throttled: record(state.counters.throttled),
        denied: record(state.counters.denied),
        failed: record(state.counters.failed),
        delayed: record(state.counters.delayed),
        total: Object.values(calls).reduce((sum, n) => sum + n, 0),
        connections,
      };
    },
    reset: () => state.reset(),
    setKnobs: (partial) => state.setKnobs(partial),
    setWorld: (next) => state.setWorld(next),
    sqs: queues,
    close: () =>
      new Promise<void>((resolve, reject) => {
        queues.close();
        // Keep-alive sockets (and HTTP/2 sessions) from SDK clients would hold close() open.
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Services with one endpoint for every region: a disabled region does not stop them. */
const GLOBAL = new Set<ServiceName>(['iam', 'sts', 'organizations', 'account']);

async function readBody(req: IncomingMessage | Http2ServerRequest): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
