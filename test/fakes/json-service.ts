/**
 * What the fake ticket trackers (GitHub, Jira) share: a JSON HTTP service on 127.0.0.1 that
 * records every request, answers injected failures first, then the service's own refusal
 * (credentials), then its routes; with knobs to fail, slow or hold the next requests. Each fake
 * brings its routes, its error body and its content type.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
  at: number;
}

export interface JsonRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; null when empty, `{ unparsed }` when not JSON. */
  body: unknown;
  /** `http://<host>` as the client addressed the service. */
  base: string;
}

type Answer = [status: number, body: unknown];

export interface JsonServiceOptions {
  /** The answer to a request the service refuses before routing it (bad credentials); else null. */
  refuse(request: JsonRequest): Answer | null;
  route(request: JsonRequest): Answer;
  /** The service's error body for a failure injected with failNext. */
  error(message: string): unknown;
  /** failNext's message when none is given. */
  failureMessage: string;
  contentType: string;
}

export interface JsonService {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request, failures included, in arrival order. */
  calls: JsonCall[];
  /** The next `times` requests get `status` with the service's error body. */
  failNext(times: number, status?: number, message?: string): void;
  /** Every request waits this long before being answered (to widen race windows). */
  setDelay(ms: number): void;
  /** Holds every request, unanswered, until the returned release is called: a race the test orders. */
  hold(): () => void;
  /** Forgets the calls, the failures and the delay. */
  reset(): void;
  close(): Promise<void>;
}

function parseJson(raw: string): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return { unparsed: raw };
  }
}

export async function startJsonService(options: JsonServiceOptions): Promise<JsonService> {
  const calls: JsonCall[] = [];
  let failures: { times: number; status: number; message: string }[] = [];
  let delayMs = 0;
  let held: Promise<void> | null = null;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const request: JsonRequest = {
      method,
      path,
      query,
      headers: req.headers,
      body: parseJson(Buffer.concat(chunks).toString('utf8')),
      base: `http://${req.headers.host}`,
    };
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (held) await held;
    let answer: Answer;
    const failure = failures[0];
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) failures = failures.slice(1);
      answer = [failure.status, options.error(failure.message)];
    } else {
      answer = options.refuse(request) ?? options.route(request);
    }
    const [status, body] = answer;
    calls.push({ method, path, headers: req.headers, body: request.body, status, at: Date.now() });
    res.writeHead(status, { 'content-type': options.contentType });
    res.end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failNext(times, status = 500, message = options.failureMessage) {
      failures.push({ times, status, message });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    hold() {
      let release: () => void = () => undefined;
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        held = null;
        release();
      };
    },
    reset() {
      calls.length = 0;
      failures = [];
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
