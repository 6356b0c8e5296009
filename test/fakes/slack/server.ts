/**
 * A fake Slack: the Web API methods lambda-audit calls and `response_url` endpoints, on a local
 * port, recording every request. Wire-compatible enough for @slack/web-api (form-encoded POSTs to
 * `/api/<method>`, JSON answers with `ok`, 429 with Retry-After) and for response_url posts
 * (JSON in, `ok` text out). Scripted failures let tests rate-limit or expire things. Messages
 * the bot posts are kept per channel, with their metadata, and read back as Slack does:
 * conversations.history (channel messages, newest first, metadata with include_all_metadata,
 * cursor pages) and conversations.replies (a thread, parent first).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { history, isMetadata, replies, type StoredMessage } from './conversations.js';
import { FakeFiles, type UploadedFile } from './files.js';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface ResponsePost {
  /** The id in `/response/<id>`: which command or click the post answers. */
  id: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

/** A scripted answer for the next `times` requests to a method, or to 'response_url'. */
interface Script {
  target: string;
  times: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What SLACK_API_URL should be: `http://127.0.0.1:<port>/api/` */
  apiUrl: string;
  calls: RecordedCall[];
  responses: ResponsePost[];
  /** Every request seen, 429s and failures included, in order (`api/<method>` or `response/<id>`). */
  attempts: { path: string; at: number; status: number }[];
  /** A response_url for a command; posts to it land in `responses` with this id. */
  responseUrl(id?: string): string;
  callsTo(method: string): RecordedCall[];
  /** Messages posted to a channel, thread replies included, oldest first. */
  messagesIn(channel: string): StoredMessage[];
  responsesTo(id: string): ResponsePost[];
  /** Files uploaded through files.uploadV2's three steps, in the order they were announced. */
  uploads(): UploadedFile[];
  /** The next `times` requests to `target` (a method or 'response_url') get 429 + Retry-After. */
  rateLimit(target: string, times: number, retryAfterSeconds: number): void;
  /** The next `times` requests to `target` get this status and body (e.g. 404 `expired_url`). */
  fail(target: string, times: number, status: number, body: string | object): void;
  /**
   * Answers `method` only `ms` after doing what it asks (0: at once): a post lands in the
   * channel, and its poster learns so late, or never if it dies meanwhile.
   */
  answerLate(method: string, ms: number): void;
  /** Polls until `probe` returns something truthy, or rejects after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_TEAM_ID = 'T0FAKE';
export const FAKE_BOT_USER_ID = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
/** auth.test answers `invalid_auth` for this token, so tests can see a refused token. */
export const INVALID_TOKEN = 'xoxb-invalid';

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      return { unparsed: raw };
    }
  }
  // The Web API client form-encodes; nested values (blocks, attachments) arrive as JSON strings.
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}

function tokenOf(headers: IncomingHttpHeaders, body: Record<string, unknown>): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return typeof body.token === 'string' ? body.token : null;
}

/** Slack's ts: the post's time in seconds with microseconds, unique per message. */
let lastMicros = 0;
function nextTs(): string {
  lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
  return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
}

/** The answer of each method we know: shaped like Slack's, only the fields clients read. */
function answer(
  method: string,
  body: Record<string, unknown>,
  token: string | null,
  channels: Map<string, StoredMessage[]>,
  files: FakeFiles,
): Record<string, unknown> {
  if (!token) return { ok: false, error: 'not_authed' };
  if (token === INVALID_TOKEN) return { ok: false, error: 'invalid_auth' };
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://fake.slack.test/',
        team: 'Fake',
        user: 'lambda-audit',
        team_id: FAKE_TEAM_ID,
        user_id: FAKE_BOT_USER_ID,
        bot_id: FAKE_BOT_ID,
      };
    case 'chat.postMessage': {
      const channel = String(body.channel);
      const message: StoredMessage = {
        type: 'message',
        ts: nextTs(),
        text: typeof body.text === 'string' ? body.text : '',
        user: FAKE_BOT_USER_ID,
        bot_id: FAKE_BOT_ID,
        ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}),
        ...(isMetadata(body.metadata) ? { metadata: body.metadata } : {}),
      };
      channels.set(channel, [...(channels.get(channel) ?? []), message]);
      return { ok: true, channel, ts: message.ts, message: { text: message.text } };
    }
    case 'conversations.history':
      return history(channels.get(String(body.channel)) ?? [], body);
    case 'conversations.replies':
      return replies(channels.get(String(body.channel)) ?? [], body);
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'chat.update':
      return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
    case 'views.open':
    case 'views.update':
    case 'views.publish':
      return { ok: true, view: { id: 'V0FAKE', ...(typeof body.view === 'object' ? body.view : {}) } };
    case 'files.getUploadURLExternal':
      return files.getUploadURLExternal(body);
    case 'files.completeUploadExternal':
      return files.completeUploadExternal(body, FAKE_BOT_USER_ID);
    case 'apps.connections.open':
      // A websocket nobody listens on: tests construct Socket Mode apps but never connect.
      return { ok: true, url: 'ws://127.0.0.1:9/link' };
    default:
      return { ok: false, error: 'unknown_method' };
  }
}

export interface FakeSlackOptions {
  port?: number;
  /** Called for every response_url post as it arrives (benchmarks stream them out). */
  onResponse?: (post: ResponsePost) => void;
  /** Called for every Web API call (chat.update, ...) as it arrives. */
  onCall?: (call: RecordedCall) => void;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const responses: ResponsePost[] = [];
  const attempts: FakeSlack['attempts'] = [];
  const channels = new Map<string, StoredMessage[]>();
  const lateAnswers = new Map<string, number>();
  let scripts: Script[] = [];
  let url = '';
  const files = new FakeFiles(() => url);

  const scripted = (target: string): Script | undefined => {
    const script = scripts.find((s) => s.target === target && s.times > 0);
    if (script) script.times -= 1;
    return script;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const at = Date.now();
      const send = (status: number, body: string, headers: Record<string, string>) => {
        attempts.push({ path: path.slice(1), at, status });
        res.writeHead(status, headers);
        res.end(body);
      };
      const upload = /^\/upload\/v1\/(\w+)$/.exec(path);
      if (upload && req.method === 'POST') {
        void files
          .upload(upload[1] as string, bytes, req.headers['content-type'])
          .then(([status, text]) => send(status, text, { 'content-type': 'text/plain' }));
        return;
      }
      const api = /^\/api\/([\w.]+)$/.exec(path);
      const response = /^\/response\/([\w.-]+)$/.exec(path);
      if (req.method !== 'POST' || (!api && !response)) {
        send(404, 'not_found', { 'content-type': 'text/plain' });
        return;
      }
      const target = api ? (api[1] as string) : 'response_url';
      const script = scripted(target);
      if (script) {
        send(script.status, script.body, script.headers);
        return;
      }
      const body = parseBody(raw, req.headers['content-type']);
      if (response) {
        const post = { id: response[1] as string, body, headers: req.headers, at };
        responses.push(post);
        options.onResponse?.(post);
        send(200, 'ok', { 'content-type': 'text/plain' });
        return;
      }
      const method = target;
      const call = { method, body, headers: req.headers, at };
      calls.push(call);
      options.onCall?.(call);
      const answered = JSON.stringify(answer(method, body, tokenOf(req.headers, body), channels, files));
      const late = lateAnswers.get(method) ?? 0;
      const respond = () => send(200, answered, { 'content-type': 'application/json; charset=utf-8' });
      if (late > 0) setTimeout(respond, late);
      else respond();
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let counter = 0;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    attempts,
    responseUrl(id) {
      counter += 1;
      return `${url}/response/${id ?? `r${counter}`}`;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channel) => [...(channels.get(channel) ?? [])],
    responsesTo: (id) => responses.filter((r) => r.id === id),
    uploads: () => [...files.files.values()],
    rateLimit(target, times, retryAfterSeconds) {
      const body =
        target === 'response_url' ? 'rate_limited' : JSON.stringify({ ok: false, error: 'ratelimited' });
      scripts.push({
        target,
        times,
        status: 429,
        headers: { 'retry-after': String(retryAfterSeconds) },
        body,
      });
    },
    fail(target, times, status, body) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/plain' : 'application/json';
      scripts.push({ target, times, status, headers: { 'content-type': type }, body: text });
    },
    answerLate(method, ms) {
      lateAnswers.set(method, ms);
    },
    async waitFor(probe, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`fake Slack: nothing arrived within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      attempts.length = 0;
      channels.clear();
      files.files.clear();
      lateAnswers.clear();
      scripts = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
