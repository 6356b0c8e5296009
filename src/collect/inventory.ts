/**
 * What a scan reads first in each account and region: every function (ListFunctions), then the
 * account-wide reads that serve all of them (see prefetchRegion).
 */
import { type FunctionConfiguration, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../aws/clients.js';
import { toAwsError } from '../aws/errors.js';
import { allPages } from './attempt.js';
import { logGroupNameOf } from './logs.js';
import {
  type NetworkRead,
  type RegionMonitoring,
  readNetwork,
  readRegionMonitoring,
  vpcIds,
} from './monitoring.js';
import { prefetchRegion, type RegionPrefetch } from './region.js';

export interface RegionInventory {
  /** Every function (its unqualified ARN) with its execution role: who shares a role, unlisted again. */
  listed: ListedFunction[];
  prefetch: RegionPrefetch;
  /** Alarms and trails, once for the account and region. */
  monitoring: RegionMonitoring;
  /** The VPC functions' subnets and security groups, in batches. */
  network: Promise<NetworkRead>;
}

/** Every function in the region, every page. Throws AwsError naming the call that failed. */
export async function listFunctions(clients: AwsClients): Promise<FunctionConfiguration[]> {
  try {
    return await allPages(paginateListFunctions({ client: clients.lambda }, {}), (p) => p.Functions);
  } catch (error) {
    throw toAwsError(error, 'lambda:ListFunctions');
  }
}

/** A listed function: its unqualified ARN and its execution role. */
export interface ListedFunction {
  arn: string;
  role: string;
}

/** A listed function's ARN and execution role. */
export function listedOf(f: FunctionConfiguration): ListedFunction {
  return { arn: f.FunctionArn ?? '', role: f.Role ?? '' };
}

/** What the region's reads need of a listed function besides its ARN and role. */
export interface ListedDetail extends ListedFunction {
  logGroup: string;
  VpcConfig?: FunctionConfiguration['VpcConfig'];
}

/**
 * Keeps what a scan needs of a listed function, page by page: a whole FunctionConfiguration
 * (environment, layers, ...) held for every function of every unit in flight was most of a
 * scan's memory while it started.
 */
function detailOf(f: FunctionConfiguration): ListedDetail {
  const logGroup = logGroupNameOf({ FunctionName: f.FunctionName ?? '', LoggingConfig: f.LoggingConfig });
  return { ...listedOf(f), logGroup, ...(f.VpcConfig?.VpcId ? { VpcConfig: f.VpcConfig } : {}) };
}

/**
 * Lists the region's functions (what the region's reads need of each). Throws AwsError when they
 * cannot be listed: then nothing in the region can be audited.
 */
export async function listRegion(clients: AwsClients): Promise<ListedDetail[]> {
  try {
    return await allPages(paginateListFunctions({ client: clients.lambda }, {}), (p) =>
      p.Functions?.map(detailOf),
    );
  } catch (error) {
    throw toAwsError(error, 'lambda:ListFunctions');
  }
}

/** Starts the region's account-wide reads over `window` (epoch ms) for its listed functions. */
export function readRegion(
  clients: AwsClients,
  details: readonly ListedDetail[],
  window: { startTime: number; endTime: number },
): RegionInventory {
  const { subnetIds, groupIds } = vpcIds(details);
  return {
    listed: details.map(({ arn, role }) => ({ arn, role })),
    prefetch: prefetchRegion(
      clients,
      details.map((d) => d.logGroup),
      window,
    ),
    monitoring: readRegionMonitoring(clients),
    network: readNetwork(clients, subnetIds, groupIds),
  };
}
