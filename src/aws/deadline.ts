/**
 * Time bounds for AWS reads. Every request has a connection and a request timeout (the SDK
 * retries a timed-out attempt like any transient failure), and every audit runs under a deadline:
 * `withinDeadline(ms, variable, work)` aborts, through their AbortSignal, every AWS call that
 * `work` starts and that is still open (or waiting to retry) when it passes. Calls carry the
 * signal without being handed it: it travels in async context to the clients' request handler
 * and retry middleware (clients.ts), so a collector needs only the shared clients and `attempt`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';

type Request = Parameters<NodeHttpHandler['handle']>[0];
type RequestOptions = NonNullable<Parameters<NodeHttpHandler['handle']>[1]>;

export interface Deadline {
  signal: AbortSignal;
  ms: number;
  /** The setting that chose it, named in the gap so an operator knows what to raise. */
  variable: string;
}

const current = new AsyncLocalStorage<Deadline>();

/** Runs `work` under a deadline of `ms`; an enclosing deadline still applies if it is sooner. */
export function withinDeadline<T>(ms: number, variable: string, work: () => T): T {
  const outer = current.getStore();
  const own = AbortSignal.timeout(ms);
  const signal = outer ? AbortSignal.any([outer.signal, own]) : own;
  // Every call in flight listens to it (and stops listening when it ends): many at once is normal.
  setMaxListeners(0, signal);
  return current.run({ signal, ms, variable }, work);
}

/** The deadline the caller runs under, if any. */
export function currentDeadline(): Deadline | undefined {
  return current.getStore();
}

type Listener = Parameters<AbortSignal['addEventListener']>[1];

/**
 * The current deadline's signal as one object for every call: it answers `aborted`, `reason` and
 * listeners for the deadline of whichever call asks, read through async context when asked. The
 * SDK's retry middleware takes its signal from a context the clients build once per command and
 * share by every call of it (cacheMiddleware, clients.ts), so a signal of one call's own would
 * stay there for the next calls, long after its deadline; this one never belongs to a call.
 */
export const deadlineSignal: Pick<
  AbortSignal,
  'aborted' | 'reason' | 'addEventListener' | 'removeEventListener'
> = {
  get aborted() {
    return current.getStore()?.signal.aborted ?? false;
  },
  get reason() {
    return current.getStore()?.signal.reason;
  },
  addEventListener(
    type: string,
    listener: Listener,
    options?: Parameters<AbortSignal['addEventListener']>[2],
  ) {
    const signal = current.getStore()?.signal;
    if (!signal) return;
    listening.set(listener, signal);
    signal.addEventListener(type, listener, options);
  },
  removeEventListener(type: string, listener: Listener) {
    listening.get(listener)?.removeEventListener(type, listener);
    listening.delete(listener);
  },
};
/** The signal each listener of deadlineSignal was added to, to be removed from that one. */
const listening = new WeakMap<Listener, AbortSignal>();

/** Waits `ms`, or rejects with an AbortError as soon as the current deadline passes. */
export function sleepWithinDeadline(ms: number): Promise<void> {
  const signal = current.getStore()?.signal;
  return sleep(ms, undefined, signal ? { signal } : {});
}

/** How long each attempt may take to connect and to answer. */
export interface RequestTimeouts {
  connectionMs: number;
  requestMs: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = { connectionMs: 5_000, requestMs: 15_000 };

/**
 * One pool of keep-alive connections per process, shared by every client: an organization scan
 * makes a client per service, account and region (thousands), and each with its own agent opened
 * its own connections to the same endpoint, used a few times and left to time out. Shared, the
 * connections to an endpoint serve every account's calls (on the fake, where every service is one
 * endpoint, a 100-account scan had ~12,000 closed connections lingering for 14,500 calls). No cap
 * on sockets per endpoint: the scan's own bounds (functions in flight, the quotas' pacing) set
 * how many calls are open, and a cap here would queue every account behind the busiest one.
 */
const POOL = {
  keepAlive: true,
  maxSockets: Number.POSITIVE_INFINITY,
  // Idle connections are closed by us before the server closes them: one the server closes as we
  // send on it fails the call (socket hang up, ECONNRESET), costs a retry, and if the server had
  // read the request, a second read. Node's agent closes an idle socket a second before the
  // server's Keep-Alive hint (the fake's Node server says 5 s) only when it has a timeout of its
  // own to lower; this is that timeout, for servers that give no hint. Against the fake, a
  // 100x2x20 organization scan had ~800 calls reset and retried without it, 300 to 600 with it
  // (the rest: our timers firing late on a loaded machine).
  timeout: 15_000,
};
const sharedAgents = { http: new HttpAgent(POOL), https: new HttpsAgent(POOL) };

/** Node's HTTP handler with our timeouts, that aborts a request when its deadline passes. */
export class DeadlineHttpHandler extends NodeHttpHandler {
  constructor(timeouts: RequestTimeouts) {
    // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    super({
      connectionTimeout: timeouts.connectionMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
      httpAgent: sharedAgents.http,
      httpsAgent: sharedAgents.https,
    });
  }

  /** The agents are the process's, shared with every other client: destroying one client leaves them (idle sockets do not hold the process open). */
  override destroy(): void {}

  override handle(request: Request, options: RequestOptions = {}) {
    const signal = current.getStore()?.signal;
    return super.handle(
      request,
      signal && !options.abortSignal ? { ...options, abortSignal: signal } : options,
    );
  }
}

/**
 * The same for clients that speak HTTP/2 (Kinesis): a stream that stays silent for the request
 * timeout fails, and the deadline aborts it. HTTP/2 has no connection timeout of its own.
 */
export class DeadlineHttp2Handler extends NodeHttp2Handler {
  constructor(timeouts: RequestTimeouts) {
    super({ requestTimeout: timeouts.requestMs });
  }

  override handle(request: Request, options: RequestOptions = {}) {
    const signal = current.getStore()?.signal;
    return super.handle(
      request,
      signal && !options.abortSignal ? { ...options, abortSignal: signal } : options,
    );
  }
}
