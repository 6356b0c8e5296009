/**
 * The fake SQS's queues at run time: their messages, visibility timeouts, receive counts, the
 * redrive to a dead-letter queue, and long polls that return as soon as a message is visible.
 * Queues are declared in the world (`queues` of a region); their messages live here, keyed by
 * queue ARN, so replacing the world (setWorld) keeps what is queued and in flight.
 * Over 300 lines as one class on purpose: messages, their visibility and the long polls waiting
 * on them change together, and splitting them would spread one state machine over files.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FakeState } from './state.js';
import type { Json, WorldQueue } from './world.js';

/** A queue of the world, with where it lives. */
export interface FoundQueue {
  account: string;
  region: string;
  queue: WorldQueue;
  arn: string;
}

interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  sender: string;
  sentAt: number;
  /** Fake-clock milliseconds before which no receive sees the message. */
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt: number | null;
  /** The receipt handle of the latest receive; only it can delete the message. */
  handle: string | null;
}

/** One received message, as ReceiveMessage answers it. */
export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes: Record<string, string>;
}

/** What a test sees of a queue's messages. */
export interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  /** False while in flight (received, not deleted, visibility timeout running) or delayed. */
  visible: boolean;
}

interface Runtime {
  messages: StoredMessage[];
  waiters: Set<() => void>;
}

export const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
] as const;

const DEFAULT_VISIBILITY_SECONDS = 30;

export class SqsQueues {
  private readonly runtimes = new Map<string, Runtime>();
  private offsetMs = 0;
  private closed = false;

  constructor(private readonly state: FakeState) {}

  /** The fake's SQS clock: real time plus whatever `advance` added. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /**
   * A queue by ARN, URL (`https://sqs.<region>.amazonaws.com/<account>/<name>` or the fake's own
   * `<fake url>/<account>/<name>`) or name. A URL's region comes from its host when it names one,
   * else `region` is tried first, then the only region of the account that has such a queue.
   */
  find(text: string, account: string, region: string): FoundQueue | undefined {
    const arn = /^arn:aws[a-z-]*:sqs:([^:]+):(\d{12}):(.+)$/.exec(text);
    if (arn) return this.lookup(arn[2] as string, [arn[1] as string], arn[3] as string);
    let owner = account;
    let name = text;
    let regions = [region];
    if (/^https?:\/\//.test(text)) {
      const url = new URL(text);
      const [first, second] = url.pathname.split('/').filter(Boolean);
      if (!first || !second || !/^\d{12}$/.test(first)) return undefined;
      owner = first;
      name = second;
      const named = /^sqs\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
      regions = named ? [named] : [region, ...Object.keys(this.state.account(owner)?.regions ?? {})];
    }
    return this.lookup(owner, regions, name);
  }

  private lookup(account: string, regions: readonly string[], name: string): FoundQueue | undefined {
    for (const region of regions) {
      const queue = (this.state.region(account, region).queues ?? []).find((q) => q.QueueName === name);
      if (queue) return { account, region, queue, arn: `arn:aws:sqs:${region}:${account}:${name}` };
    }
    return undefined;
  }

  private runtime(arn: string): Runtime {
    let runtime = this.runtimes.get(arn);
    if (!runtime) {
      runtime = { messages: [], waiters: new Set() };
      this.runtimes.set(arn, runtime);
    }
    return runtime;
  }

  private wake(arn: string): void {
    for (const waiter of this.runtime(arn).waiters) waiter();
  }

  send(found: FoundQueue, body: string, delaySeconds: number, sender: string): StoredMessage {
    const now = this.now();
    const delay = delaySeconds || Number(attribute(found.queue, 'DelaySeconds') ?? 0);
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      md5: md5(body),
      sender,
      sentAt: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
      firstReceiveAt: null,
      handle: null,
    };
    this.runtime(found.arn).messages.push(message);
    this.wake(found.arn);
    return message;
  }

  /**
   * Receives up to `max` visible messages. With `waitSeconds`, waits (real time) until one is
   * visible: a send, a visibility change or a visibility timeout running out ends the wait.
   */
  async receive(
    found: FoundQueue,
    options: {
      max: number;
      visibilitySeconds?: number;
      waitSeconds: number;
      attributes: ReadonlySet<string>;
    },
  ): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + options.waitSeconds * 1000;
    for (;;) {
      const got = this.take(found, options);
      if (got.length > 0 || this.closed || Date.now() >= deadline) return got;
      await this.waitForChange(found.arn, deadline);
    }
  }

  private take(
    found: FoundQueue,
    options: { max: number; visibilitySeconds?: number; attributes: ReadonlySet<string> },
  ): ReceivedMessage[] {
    const now = this.now();
    const visibility =
      options.visibilitySeconds ??
      Number(attribute(found.queue, 'VisibilityTimeout') ?? DEFAULT_VISIBILITY_SECONDS);
    const redrive = redrivePolicy(found.queue);
    const runtime = this.runtime(found.arn);
    const out: ReceivedMessage[] = [];
    for (const message of [...runtime.messages]) {
      if (out.length >= options.max) break;
      if (message.visibleAt > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount && this.moveToDeadLetter(found, message))
        continue;
      message.receiveCount += 1;
      message.firstReceiveAt ??= now;
      message.handle = Buffer.from(`${found.arn}|${message.id}|${randomUUID()}`).toString('base64url');
      message.visibleAt = now + visibility * 1000;
      out.push({
        MessageId: message.id,
        ReceiptHandle: message.handle,
        MD5OfBody: message.md5,
        Body: message.body,
        Attributes: systemAttributes(message, options.attributes),
      });
    }
    return out;
  }

  /** SQS moves a message received more than maxReceiveCount times, on the next receive. */
  private moveToDeadLetter(found: FoundQueue, message: StoredMessage): boolean {
    const target = redrivePolicy(found.queue)?.deadLetterTargetArn;
    const dlq = target ? this.find(target, found.account, found.region) : undefined;
    if (!dlq) return false;
    const source = this.runtime(found.arn);
    source.messages.splice(source.messages.indexOf(message), 1);
    message.visibleAt = this.now();
    message.handle = null;
    this.runtime(dlq.arn).messages.push(message);
    this.wake(dlq.arn);
    return true;
  }

  private waitForChange(arn: string, deadline: number): Promise<void> {
    const runtime = this.runtime(arn);
    const now = this.now();
    const next = Math.min(...runtime.messages.map((m) => m.visibleAt).filter((at) => at > now));
    const until = Math.min(
      deadline - Date.now(),
      Number.isFinite(next) ? next - now : Number.POSITIVE_INFINITY,
    );
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        runtime.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, until));
      runtime.waiters.add(done);
    });
  }

  /** The message a receipt handle names: `invalid` (never issued), `stale` (received again since or gone), or found. */
  byHandle(
    found: FoundQueue,
    handle: string,
  ): { kind: 'invalid' } | { kind: 'stale' } | { kind: 'found'; message: StoredMessage } {
    const [arn, id, nonce] = Buffer.from(handle, 'base64url').toString('utf8').split('|');
    if (arn !== found.arn || !id || !nonce) return { kind: 'invalid' };
    const message = this.runtime(found.arn).messages.find((m) => m.id === id);
    return message && message.handle === handle ? { kind: 'found', message } : { kind: 'stale' };
  }

  delete(found: FoundQueue, message: StoredMessage): void {
    const runtime = this.runtime(found.arn);
    runtime.messages.splice(runtime.messages.indexOf(message), 1);
  }

  changeVisibility(found: FoundQueue, message: StoredMessage, seconds: number): void {
    message.visibleAt = this.now() + seconds * 1000;
    this.wake(found.arn);
  }

  /** Whether a received message's visibility timeout still runs. */
  inFlight(message: StoredMessage): boolean {
    return message.receiveCount > 0 && message.visibleAt > this.now();
  }

  /** Every attribute GetQueueAttributes can answer for this queue, as strings. */
  attributes(found: FoundQueue): Record<string, string> {
    const now = this.now();
    const messages = this.runtime(found.arn).messages;
    const waiting = messages.filter((m) => m.visibleAt > now);
    const computed: Record<string, string> = {
      QueueArn: found.arn,
      ApproximateNumberOfMessages: String(messages.length - waiting.length),
      ApproximateNumberOfMessagesNotVisible: String(waiting.filter((m) => m.receiveCount > 0).length),
      ApproximateNumberOfMessagesDelayed: String(waiting.filter((m) => m.receiveCount === 0).length),
      CreatedTimestamp: '1704067200',
      LastModifiedTimestamp: '1704067200',
      VisibilityTimeout: String(DEFAULT_VISIBILITY_SECONDS),
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      // New queues get SSE-SQS unless a KMS key is chosen.
      SqsManagedSseEnabled: attribute(found.queue, 'KmsMasterKeyId') === undefined ? 'true' : 'false',
    };
    for (const [name, value] of Object.entries(found.queue.Attributes ?? {})) {
      computed[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return computed;
  }

  // --- the test hooks ---------------------------------------------------------------------------

  /** Puts a message on a queue (ARN, URL or name in the default account) as EventBridge would. */
  enqueue(queue: string, body: string | object, options: { delaySeconds?: number } = {}): string {
    const found = this.mustFind(queue);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return this.send(found, text, options.delaySeconds ?? 0, 'AIDAEVENTBRIDGEFAKE').id;
  }

  /** The queue's messages, oldest first, visible or not. */
  messages(queue: string): QueuedMessage[] {
    const found = this.mustFind(queue);
    const now = this.now();
    return this.runtime(found.arn).messages.map((m) => ({
      messageId: m.id,
      body: m.body,
      receiveCount: m.receiveCount,
      visible: m.visibleAt <= now,
    }));
  }

  /** Empties a queue, in flight messages included. */
  purge(queue: string): void {
    this.runtime(this.mustFind(queue).arn).messages.length = 0;
  }

  /** Moves the SQS clock forward: visibility timeouts and delays run out without waiting. */
  advance(ms: number): void {
    this.offsetMs += ms;
    for (const arn of this.runtimes.keys()) this.wake(arn);
  }

  /** Ends every long poll (the server is closing). */
  close(): void {
    this.closed = true;
    for (const arn of this.runtimes.keys()) this.wake(arn);
  }

  private mustFind(queue: string): FoundQueue {
    const found = this.find(queue, this.state.defaultAccount, '');
    if (!found) throw new Error(`fake SQS: no queue ${queue} in the world`);
    return found;
  }
}

/** A queue attribute as the world gives it (a string, number, boolean or object). */
export function attribute(queue: WorldQueue, name: string): Json | undefined {
  return queue.Attributes?.[name];
}

function redrivePolicy(queue: WorldQueue): { deadLetterTargetArn: string; maxReceiveCount: number } | null {
  const raw = attribute(queue, 'RedrivePolicy');
  if (raw === undefined || raw === null) return null;
  const policy = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, Json>;
  const maxReceiveCount = Number(policy.maxReceiveCount);
  const target = policy.deadLetterTargetArn;
  return typeof target === 'string' && maxReceiveCount > 0
    ? { deadLetterTargetArn: target, maxReceiveCount }
    : null;
}

function systemAttributes(message: StoredMessage, wanted: ReadonlySet<string>): Record<string, string> {
  const all: Record<(typeof SYSTEM_ATTRIBUTES)[number], string> = {
    SenderId: message.sender,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has('All') || wanted.has(name)));
}

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
