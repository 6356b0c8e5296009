import type { Engine, FunctionRef } from '../commands/command.js';
import { auditSnapshot } from './audit.js';
import { type AwsTarget, ClientPool } from './aws/clients.js';
import { collectFunction } from './collect/function.js';
import type { Config } from './config.js';
import { scanRegions } from './scan.js';

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
  const audit = async (ref: FunctionRef, options: { logsSinceMs?: number } = {}) => {
    const now = clock();
    const snapshot = await collectFunction(pool.get(ref.region), ref.function, {
      now,
      logWindowMs: options.logsSinceMs ?? config.logWindowHours * 3_600_000,
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
