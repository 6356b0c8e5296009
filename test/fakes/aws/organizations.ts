/**
 * AWS Organizations over JSON 1.1 (`X-Amz-Target: AWSOrganizationsV20161128.<Op>`): ListAccounts,
 * ListAccountsForParent, and ListOrganizationalUnitsForParent, paged with NextToken
 * (MaxResults 1 to 20). Only the management account and delegated administrators may list; any
 * other member is refused with AccessDeniedException, and an account outside the organization
 * with AWSOrganizationsNotInUseException, as AWS does.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  jsonProtocolError,
  paginate,
  type ServiceRouter,
} from './http.js';
import { type JsonInput, optionalNumber, optionalString, routeJson } from './json-rpc.js';
import type { FakeState } from './state.js';
import type { Json } from './world.js';
import type { WorldOrgAccount, WorldOrganization } from './world-organization.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const JOINED = '2024-01-01T00:00:00.000Z';

export function organizationsRouter(state: FakeState): ServiceRouter {
  /** The organization, if the caller may list it; the errors AWS gives otherwise. */
  function organization(req: FakeRequest): WorldOrganization {
    const org = state.world.organization;
    if (!org?.accounts.some((a) => a.Id === req.account))
      throw new ApiError(
        'AWSOrganizationsNotInUseException',
        400,
        'Your account is not a member of an organization.',
      );
    if (req.account !== org.ManagementAccountId && !(org.DelegatedAdministrators ?? []).includes(req.account))
      throw new ApiError('AccessDeniedException', 400, 'You don’t have permissions to access this resource.');
    return org;
  }

  function page<T>(items: readonly T[], input: JsonInput): { items: T[]; next?: string } {
    const max = optionalNumber(input.MaxResults);
    if (max !== undefined && !(max >= 1 && max <= 20))
      throw new ApiError(
        'InvalidInputException',
        400,
        'You provided a value that does not match the required pattern: MaxResults must be 1 to 20.',
      );
    return paginate(
      items,
      optionalString(input.NextToken),
      max,
      { size: 20, max: 20 },
      () => new ApiError('InvalidInputException', 400, 'The NextToken you provided is not valid.'),
    );
  }

  const accountJson = (org: WorldOrganization, a: WorldOrgAccount): Json => {
    const state = a.State ?? 'ACTIVE';
    return {
      Id: a.Id,
      Arn: `arn:aws:organizations::${org.ManagementAccountId}:account/${org.Id}/${a.Id}`,
      Email: a.Email ?? `aws+${a.Id}@example.com`,
      Name: a.Name ?? `account-${a.Id}`,
      // Status is the deprecated field; AWS still fills it in.
      Status: state === 'ACTIVE' ? 'ACTIVE' : state === 'SUSPENDED' ? 'SUSPENDED' : 'PENDING_CLOSURE',
      State: state,
      JoinedMethod: a.Id === org.ManagementAccountId ? 'CREATED' : 'INVITED',
      JoinedTimestamp: Date.parse(JOINED) / 1000,
    };
  };

  /** The parent named exists (the root or an OU), else ParentNotFoundException. */
  function parent(org: WorldOrganization, input: JsonInput): string {
    const id = optionalString(input.ParentId) ?? '';
    if (id !== org.RootId && !(org.units ?? []).some((u) => u.Id === id))
      throw new ApiError(
        'ParentNotFoundException',
        400,
        "We can't find a root or OU with the ParentId that you specified.",
      );
    return id;
  }

  const parentOf = (org: WorldOrganization, item: { ParentId?: string }) => item.ParentId ?? org.RootId;

  const accountsPage = (org: WorldOrganization, input: JsonInput, keep: (a: WorldOrgAccount) => boolean) => {
    const p = page(org.accounts.filter(keep), input);
    return { Accounts: p.items.map((a) => accountJson(org, a)), ...(p.next ? { NextToken: p.next } : {}) };
  };

  const operations = {
    ListAccounts: {
      resource: () => '*',
      run: (input: JsonInput, req: FakeRequest): Json => accountsPage(organization(req), input, () => true),
    },
    ListAccountsForParent: {
      resource: () => '*',
      run: (input: JsonInput, req: FakeRequest): Json => {
        const org = organization(req);
        const id = parent(org, input);
        return accountsPage(org, input, (a) => parentOf(org, a) === id);
      },
    },
    ListOrganizationalUnitsForParent: {
      resource: () => '*',
      run: (input: JsonInput, req: FakeRequest): Json => {
        const org = organization(req);
        const id = parent(org, input);
        const p = page(
          (org.units ?? []).filter((u) => parentOf(org, u) === id),
          input,
        );
        return {
          OrganizationalUnits: p.items.map((u) => ({
            Id: u.Id,
            Arn: `arn:aws:organizations::${org.ManagementAccountId}:ou/${org.Id}/${u.Id}`,
            Name: u.Name,
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
  };

  return {
    route: (req) => routeJson('organizations', CONTENT_TYPE, operations, req),
    render: (error, req) => jsonProtocolError(error, req, CONTENT_TYPE),
    throttled: () =>
      new ApiError(
        'TooManyRequestsException',
        400,
        'You have sent too many requests in too short a period of time.',
      ),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () =>
      new ApiError(
        'ServiceException',
        500,
        'AWS Organizations can’t complete your request because of an internal service error (injected by the fake).',
      ),
  };
}
