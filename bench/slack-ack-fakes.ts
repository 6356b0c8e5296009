/**
 * The fakes of bench/slack-ack.ts, in a process of their own (so their work does not show up in
 * the figures): AWS with a fixed latency a call, and Slack taking the answers. They stream one
 * JSON line per event to the bench: every AWS call (API, arrival, answer), every response_url
 * post (which command, what kind of post) and every Web API call, all in epoch ms.
 *
 *   node --import tsx bench/slack-ack-fakes.ts <world.json> <latency-ms>
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { UNUSED_SERVICES_PENDING } from '../src/render/audit-blocks.js';
import { type FakeAwsCall, startFakeAws } from '../test/fakes/aws/index.js';
import { ACCOUNT, REGION, testWorld } from '../test/fakes/aws/test-world.js';
import { loadWorld, type World } from '../test/fakes/aws/world.js';
import { startFakeSlack } from '../test/fakes/slack/index.js';

/**
 * What a response_url post is: an answer still waiting for IAM's last-accessed job ('early'), an
 * answer with nothing to wait for ('complete'), the update replacing an early one, the notice
 * that the update failed, a joined-audit note, anything else.
 */
export type PostKind = 'early' | 'complete' | 'update' | 'update-failed' | 'note' | 'other';

export interface Post {
  id: string;
  kind: PostKind;
  at: number;
}

type Event =
  | ({ type: 'call' } & FakeAwsCall)
  | ({ type: 'post' } & Post)
  | { type: 'slack-api'; method: string; at: number };

const epochNow = () => performance.timeOrigin + performance.now();

function kindOf(body: Record<string, unknown>): PostKind {
  const text = JSON.stringify(body);
  if (text.includes('unused services could not be checked')) return 'update-failed';
  if (!text.includes('Lambda audit:')) return text.includes('Already auditing') ? 'note' : 'other';
  if (body.replace_original === true) return 'update';
  return text.includes(UNUSED_SERVICES_PENDING) ? 'early' : 'complete';
}

/**
 * The test world plus `count` copies of orders-api (`answer-000`, ...), each with a role and a
 * customer-managed policy of its own, so no audit of one finds another's reads in the cache.
 */
export function benchWorld(functions: number, count: number): World {
  const world = testWorld(functions);
  const account = world.accounts[ACCOUNT];
  const region = account?.regions[REGION];
  const role = account?.iam?.roles?.find((r) => r.RoleName === 'orders-api-role');
  const policy = account?.iam?.policies?.find((p) => p.Arn.endsWith(':policy/orders-extra'));
  const orders = region?.functions?.find((f) => f.Configuration.FunctionName === 'orders-api');
  if (!account?.iam?.roles || !account.iam.policies || !region?.functions || !role || !policy || !orders)
    throw new Error('the test world no longer has orders-api, its role and its policy');
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(3, '0');
    const policyArn = `${policy.Arn}-${n}`;
    account.iam.policies.push({ ...policy, Arn: policyArn });
    account.iam.roles.push({
      ...role,
      RoleName: `answer-role-${n}`,
      AttachedPolicies: (role.AttachedPolicies ?? []).map((arn) => (arn === policy.Arn ? policyArn : arn)),
    });
    region.functions.push({
      ...orders,
      Configuration: {
        ...orders.Configuration,
        FunctionName: `answer-${n}`,
        Role: `arn:aws:iam::${ACCOUNT}:role/answer-role-${n}`,
      },
    });
  }
  return world;
}

export interface Fakes {
  child: ChildProcess;
  aws: string;
  slack: string;
  slackApi: string;
  /** Every AWS call answered so far, in the order they were answered. */
  calls: FakeAwsCall[];
  /** Every Web API call so far (none is expected: answers go to response_url). */
  slackApiCalls: { method: string; at: number }[];
  /** The posts to response id `id` so far. */
  posts(id: string): Post[];
  /** The first post to `id` of one of `kinds`; null when none arrives within `timeoutMs`. */
  arrival(id: string, kinds: readonly PostKind[], timeoutMs: number): Promise<Post | null>;
}

/** Starts the fakes' process on `world` and follows its events. */
export async function startFakes(worldPath: string, latencyMs: number): Promise<Fakes> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), worldPath, String(latencyMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await once(lines, 'line')) as [string];
  const urls = JSON.parse(first) as { aws: string; slack: string; slackApi: string };
  const calls: FakeAwsCall[] = [];
  const slackApiCalls: Fakes['slackApiCalls'] = [];
  const posts = new Map<string, Post[]>();
  const waiters = new Set<() => void>();
  lines.on('line', (line) => {
    const event = JSON.parse(line) as Event;
    if (event.type === 'call') calls.push(event);
    else if (event.type === 'slack-api') slackApiCalls.push(event);
    else {
      posts.set(event.id, [...(posts.get(event.id) ?? []), event]);
      for (const wake of waiters) wake();
    }
  });
  const find = (id: string, kinds: readonly PostKind[]) =>
    posts.get(id)?.find((p) => kinds.includes(p.kind)) ?? null;
  return {
    child,
    ...urls,
    calls,
    slackApiCalls,
    posts: (id) => posts.get(id) ?? [],
    arrival: (id, kinds, timeoutMs) =>
      new Promise((resolve) => {
        const check = () => {
          const post = find(id, kinds);
          if (post) finish(post);
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        const finish = (post: Post | null) => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(post);
        };
        waiters.add(check);
        check();
      }),
  };
}

async function fakesProcess(worldPath: string, latencyMs: number): Promise<void> {
  const emit = (event: Event) => process.stdout.write(`${JSON.stringify(event)}\n`);
  const aws = await startFakeAws({
    world: loadWorld(worldPath),
    latencyMs,
    onCall: (call) => emit({ type: 'call', ...call }),
  });
  const slack = await startFakeSlack({
    onResponse: (post) => emit({ type: 'post', id: post.id, kind: kindOf(post.body), at: epochNow() }),
    onCall: (call) => emit({ type: 'slack-api', method: call.method, at: epochNow() }),
  });
  process.stdout.write(`${JSON.stringify({ aws: aws.url, slack: slack.url, slackApi: slack.apiUrl })}\n`);
  process.once('SIGTERM', () => void Promise.all([aws.close(), slack.close()]).then(() => process.exit(0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await fakesProcess(process.argv[2] as string, Number(process.argv[3]));
}
