import type { AwsClients } from '../aws/clients.js';
import { classifyAwsError } from '../aws/errors.js';
import type { Unverified } from '../model.js';
import { type ListedFunction, listedOf, listFunctions } from './inventory.js';

/**
 * Which functions use which execution role, from ListFunctions over the configured regions.
 * One listing per region serves every audit for `ttlMs` (a Slack user auditing five functions
 * in a row lists the account once); a scan keeps its listing for as long as it runs.
 */
export class FunctionIndex {
  private listing: { at: number; read: Promise<{ functions: ListedFunction[]; gaps: Unverified[] }> } | null =
    null;
  /** Regions a scan has already listed: their listing serves this index instead of a second one. */
  private readonly primed = new Map<string, readonly ListedFunction[]>();

  constructor(
    private readonly regions: () => readonly string[],
    private readonly clientsFor: (region: string) => AwsClients,
    private readonly ttlMs = 300_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Uses a scan's own listing of `region` (ListFunctions already read) for the next listing. */
  prime(region: string, functions: readonly ListedFunction[]): void {
    this.primed.set(region, functions);
  }

  /** ARNs of the functions whose execution role is `roleArn`, or null (and a gap) when unknown. */
  async usersOf(roleArn: string, gaps: Unverified[]): Promise<string[] | null> {
    if (!this.listing || this.clock() - this.listing.at > this.ttlMs) {
      this.listing = { at: this.clock(), read: this.list() };
    }
    const listing = this.listing;
    const { functions, gaps: failed } = await listing.read;
    if (failed.length > 0) {
      // A listing with a gap (a deadline, a throttle) is asked again by the next audit.
      if (this.listing === listing) this.listing = null;
      gaps.push(...failed);
      return null;
    }
    return functions.filter((f) => f.role === roleArn).map((f) => f.arn);
  }

  private async list(): Promise<{ functions: ListedFunction[]; gaps: Unverified[] }> {
    const gaps: Unverified[] = [];
    const perRegion = await Promise.all(
      this.regions().map(async (region) => {
        const primed = this.primed.get(region);
        if (primed) return primed;
        try {
          const fns = await listFunctions(this.clientsFor(region));
          return fns.map(listedOf);
        } catch (error) {
          const { api, reason } = classifyAwsError(error, 'lambda:ListFunctions');
          gaps.push({ area: 'role', api, reason: `${region}: ${reason}` });
          return [];
        }
      }),
    );
    return { functions: perRegion.flat(), gaps };
  }
}
