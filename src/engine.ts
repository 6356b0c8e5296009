import type { Engine, FunctionRef } from '../commands/command.js';
import { auditSnapshot } from './audit.js';
import { type AwsTarget, ClientPool } from './aws/clients.js';
import { collectFunction } from './collect/function.js';
import { FunctionIndex } from './collect/function-index.js';
import { RoleReader } from './collect/role.js';
import type { Config } from './config.js';
import { scanRegions } from './scan.js';

const ROLE_CACHE_MS = 300_000;

export interface RunningEngine extends Engine {
  /** Releases the SDK clients' sockets. */
  close(): void;
}

/** The real engine: collect through the AWS SDK, then audit. The CLI and Slack both use it. */
export function createEngine(
  config: Config,
  aws: Omit<AwsTarget, 'region'> = {},
  clock: () => Date = () => new Date(),
): RunningEngine {
  const pool = new ClientPool(aws);
  // Roles and policies change rarely; reading them once per few minutes is fresh enough for chat.
  let roles = new RoleReader();
  let rolesReadAt = clock().getTime();
  const functions = new FunctionIndex(
    () => config.regions,
    (region) => pool.get(region),
  );
  const audit = async (ref: FunctionRef, options: { logsSinceMs?: number } = {}) => {
    const now = clock();
    if (now.getTime() - rolesReadAt > ROLE_CACHE_MS) {
      roles = new RoleReader();
      rolesReadAt = now.getTime();
    }
    const snapshot = await collectFunction(pool.get(ref.region), ref.function, {
      now,
      logWindowMs: options.logsSinceMs ?? config.logWindowHours * 3_600_000,
      roles,
      functions,
    });
    return auditSnapshot(snapshot, config, now);
  };
  return {
    regions: config.regions,
    audit,
    scan: (regions, onProgress) =>
      scanRegions({
        regions,
        clientsFor: (region) => pool.get(region),
        auditOne: (region, arn) => audit({ function: arn, region }),
        ...(onProgress ? { onProgress } : {}),
      }),
    close: () => pool.destroy(),
  };
}
