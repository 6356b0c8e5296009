/**
 * The per-function Lambda reads beside GetFunction: the resource policies of the function and
 * of its aliases, the event source mappings under every qualified name, and code signing.
 */
import {
  type AliasConfiguration,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetPolicyCommand,
  paginateListEventSourceMappings,
} from '@aws-sdk/client-lambda';
import type { AwsClients } from '../aws/clients.js';
import { isNotFound } from '../aws/errors.js';
import type { EventSourceMapping, FunctionSnapshot, ResourcePolicy, Unverified } from '../model.js';
import { allPages, as, attempt } from './attempt.js';
import { parsePolicy, toCodeSigningConfig, toEventSourceMapping } from './lambda-shapes.js';

/** The API answer "there is none" (404) is data; anything else is a gap. */
async function noneIfMissing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function readPolicy(
  clients: AwsClients,
  fn: string,
  qualifier: string | null,
): Promise<ResourcePolicy | null> {
  const answer = await noneIfMissing(() =>
    clients.lambda.send(
      new GetPolicyCommand({ FunctionName: fn, ...(qualifier ? { Qualifier: qualifier } : {}) }),
    ),
  );
  const policy = parsePolicy(answer?.Policy);
  return policy ? { qualifier, policy } : null;
}

export type Aliases = Promise<AliasConfiguration[] | null>;

/**
 * The function's own policy and those of its aliases that have one. When the alias list cannot
 * be read, the function's policy still counts and the aliases are a gap of their own.
 */
export async function readPolicies(
  clients: AwsClients,
  fn: string,
  aliasesRead: Aliases,
  gaps: Unverified[],
): Promise<ResourcePolicy[] | null> {
  const [own, aliases] = await Promise.all([
    attempt(gaps, 'triggers', 'lambda:GetPolicy', () => readPolicy(clients, fn, null)),
    aliasesRead,
  ]);
  if (own === null && gaps.some((g) => g.api === 'lambda:GetPolicy')) return null;
  const aliasPolicies = await Promise.all(
    (aliases ?? []).map((alias) =>
      alias.Name
        ? attempt(gaps, 'triggers', 'lambda:GetPolicy', () => readPolicy(clients, fn, alias.Name ?? null))
        : null,
    ),
  );
  return [own, ...aliasPolicies].filter((p): p is ResourcePolicy => p !== null);
}

/**
 * Event source mappings of the function and of each alias: Lambda lists a mapping only under the
 * exact (qualified) name it was created on, so `fn` alone misses one made on `fn:live`.
 */
export async function readMappings(
  clients: AwsClients,
  fn: string,
  aliasesRead: Aliases,
  gaps: Unverified[],
): Promise<EventSourceMapping[] | null> {
  const names = [fn, ...((await aliasesRead) ?? []).flatMap((a) => (a.Name ? [`${fn}:${a.Name}`] : []))];
  const lists = await attempt(gaps, 'triggers', 'lambda:ListEventSourceMappings', () =>
    Promise.all(
      names.map((name) =>
        allPages(paginateListEventSourceMappings({ client: clients.lambda }, { FunctionName: name }), (p) =>
          p.EventSourceMappings?.map(toEventSourceMapping),
        ),
      ),
    ),
  );
  return lists ? lists.flat() : null;
}

export async function readCodeSigning(
  clients: AwsClients,
  fn: string,
): Promise<FunctionSnapshot['codeSigning']> {
  const link = await clients.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: fn }));
  if (!link.CodeSigningConfigArn) return { config: null };
  const answer = await as(
    'lambda:GetCodeSigningConfig',
    clients.lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: link.CodeSigningConfigArn })),
  );
  return { config: answer.CodeSigningConfig ? toCodeSigningConfig(answer.CodeSigningConfig) : null };
}
