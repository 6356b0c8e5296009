/**
 * The Account Management API over REST-JSON: ListRegions (`POST /listRegions`), paged with
 * NextToken (MaxResults 1 to 50), filtered by RegionOptStatusContains. Which regions an account
 * has enabled comes from its `enabledRegions` in the world (see world.ts). Another account's
 * regions (`AccountId`) only for the organization's management account, as in AWS.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type FakeResponse,
  jsonResponse,
  paginate,
  restJsonError,
  type ServiceRouter,
} from './http.js';
import type { FakeState } from './state.js';
import { DEFAULT_REGIONS, OPT_IN_REGIONS } from './world-organization.js';

const STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

/** Each region the fake knows, with its opt status in `account` of the world. */
export function regionStatuses(
  state: FakeState,
  account: string,
): { RegionName: string; RegionOptStatus: string }[] {
  return [...DEFAULT_REGIONS, ...OPT_IN_REGIONS].map((name) => ({
    RegionName: name,
    RegionOptStatus: !isEnabled(state, account, name)
      ? 'DISABLED'
      : DEFAULT_REGIONS.includes(name)
        ? 'ENABLED_BY_DEFAULT'
        : 'ENABLED',
  }));
}

/** Whether `region` is enabled in `account`: its `enabledRegions`, else the default ones and those it has contents in. */
function isEnabled(state: FakeState, account: string, region: string): boolean {
  const world = state.account(account);
  if (world?.enabledRegions) return world.enabledRegions.includes(region);
  return DEFAULT_REGIONS.includes(region) || region in (world?.regions ?? {});
}

/**
 * A region the account's `enabledRegions` leaves out: AWS answers every call there as if the
 * credentials did not exist. Without `enabledRegions` nothing is refused (older worlds name
 * regions the list above does not know).
 */
export function isDisabledRegion(state: FakeState, account: string, region: string): boolean {
  const enabled = state.account(account)?.enabledRegions;
  return enabled !== undefined && !enabled.includes(region);
}

export function accountRouter(state: FakeState): ServiceRouter {
  function listRegions(req: FakeRequest): FakeResponse {
    let input: Record<string, unknown> = {};
    try {
      input = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    } catch {
      throw new ApiError('ValidationException', 400, 'The request body is not valid JSON.');
    }
    const target = typeof input.AccountId === 'string' ? input.AccountId : req.account;
    const org = state.world.organization;
    if (target !== req.account && org?.ManagementAccountId !== req.account)
      throw new ApiError(
        'AccessDeniedException',
        403,
        deniedMessage(req.callerArn, 'account:ListRegions', `arn:aws:account::${target}:account`),
      );
    const wanted = Array.isArray(input.RegionOptStatusContains)
      ? input.RegionOptStatusContains.map(String)
      : null;
    const bad = wanted?.find((s) => !STATUSES.includes(s));
    if (bad !== undefined)
      throw new ApiError(
        'ValidationException',
        400,
        `Invalid RegionOptStatus '${bad}': expected one of ${STATUSES.join(', ')}.`,
      );
    const max = typeof input.MaxResults === 'number' ? input.MaxResults : undefined;
    if (max !== undefined && !(max >= 1 && max <= 50))
      throw new ApiError('ValidationException', 400, 'MaxResults must be between 1 and 50.');
    const regions = regionStatuses(state, target).filter(
      (r) => !wanted || wanted.includes(r.RegionOptStatus),
    );
    const page = paginate(
      regions,
      typeof input.NextToken === 'string' ? input.NextToken : undefined,
      max,
      { size: 20, max: 50 },
      () => new ApiError('ValidationException', 400, 'The NextToken is not valid.'),
    );
    return jsonResponse({ Regions: page.items, ...(page.next ? { NextToken: page.next } : {}) });
  }

  return {
    route(req) {
      if (req.method === 'POST' && req.url.pathname === '/listRegions')
        return {
          api: 'account:ListRegions',
          resource: `arn:aws:account::${req.account}:account`,
          run: () => listRegions(req),
        };
      return {
        api: 'account:Unknown',
        resource: '*',
        run: () => {
          throw new ApiError(
            'ResourceNotFoundException',
            404,
            `The fake does not serve ${req.method} ${req.url.pathname}`,
          );
        },
      };
    },
    render: restJsonError,
    throttled: () => new ApiError('TooManyRequestsException', 429, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () =>
      new ApiError('InternalServerException', 500, 'An internal error occurred (injected by the fake).'),
  };
}
