/**
 * The trigger-source collector tests' harness: the fake AWS on a small world, real SDK clients,
 * and one function collected and audited as the engine does (a fresh SourceReader unless shared).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { auditSnapshot } from '../../../src/audit.js';
import { createClients } from '../../../src/aws/clients.js';
import { collectFunction } from '../../../src/collect/function.js';
import { FunctionIndex } from '../../../src/collect/function-index.js';
import { RoleReader } from '../../../src/collect/role.js';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import { loadConfig } from '../../../src/config.js';
import {
  type FakeAws,
  startFakeAws,
  type World,
  type WorldFunction,
  type WorldRole,
} from '../../fakes/aws/index.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** A function that `service` (e.g. `sns.amazonaws.com`) may invoke from each of `sources`. */
export function invokedBy(name: string, service: string, sources: string[]): WorldFunction {
  return {
    Configuration: {
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Role: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    },
    Policy: {
      Version: '2012-10-17',
      Statement: sources.map((source, i) => ({
        Sid: `${service.split('.')[0]}-${i}`,
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'lambda:InvokeFunction',
        Resource: fnArn(name),
        Condition: { ArnLike: { 'AWS:SourceArn': source } },
      })),
    },
  };
}

/** Roles that grant nothing, one per function name: the role is not what these tests are about. */
export function emptyRoles(...names: string[]): WorldRole[] {
  return names.map((RoleName) => ({
    RoleName,
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
  }));
}

/** Starts the fake on `world` for the file's tests; the returned object fills in before the first test. */
export function useFakeSources(world: World) {
  const config = loadConfig({ AWS_REGION: REGION });
  const env = {} as { fake: FakeAws; clients: ReturnType<typeof createClients> };
  beforeAll(async () => {
    env.fake = await startFakeAws({ world });
    env.clients = createClients({
      region: REGION,
      endpoint: env.fake.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
    });
  });
  afterAll(async () => env.fake.close());
  beforeEach(() => {
    env.fake.reset();
    env.fake.setKnobs({ accessDenied: [] });
  });
  async function audit(name: string, sources = new SourceReader()) {
    const snapshot = await collectFunction(env.clients, name, {
      now: new Date(),
      logWindowMs: 3_600_000,
      roles: new RoleReader({ pollFirstMs: 1 }),
      functions: new FunctionIndex(
        () => [REGION],
        () => env.clients,
      ),
      sources,
    });
    return { snapshot, report: auditSnapshot(snapshot, config, new Date()) };
  }
  return { env, audit };
}
