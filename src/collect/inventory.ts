/**
 * What a scan reads first in each account and region: every function (ListFunctions), then the
 * account-wide reads that serve all of them (see prefetchRegion).
 */
import { type FunctionConfiguration, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../aws/clients.js';
import { toAwsError } from '../aws/errors.js';
import { allPages } from './attempt.js';
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

/**
 * Lists the region's functions and starts its account-wide reads over `window` (epoch ms).
 * Throws AwsError when the functions cannot be listed: then nothing in the region can be audited.
 */
export async function readInventory(
  clients: AwsClients,
  window: { startTime: number; endTime: number },
): Promise<RegionInventory> {
  const functions = await listFunctions(clients);
  const { subnetIds, groupIds } = vpcIds(functions);
  return {
    listed: functions.map(listedOf),
    prefetch: prefetchRegion(clients, functions, window),
    monitoring: readRegionMonitoring(clients),
    network: readNetwork(clients, subnetIds, groupIds),
  };
}
