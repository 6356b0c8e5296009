/**
 * IAM over the query protocol. Policy documents go out URL-encoded, as IAM sends them (the SDK
 * does not decode them, so callers must). Lists page with IsTruncated/Marker, and the last page
 * carries no Marker. IAM is global: the caller's account picks the world's `iam` section.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  paginate,
  type Route,
  type ServiceRouter,
  stableUuid,
} from './http.js';
import { managedPolicy } from './managed-policies.js';
import { encodeDocument, formParams, queryError, queryResponse, type XmlValue } from './query.js';
import type { FakeState } from './state.js';
import { policyText, resolveTime, type WorldManagedPolicy, type WorldRole } from './world.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const DEFAULT_DATE = '2024-01-01T00:00:00Z';

type Handler = (params: URLSearchParams, req: FakeRequest) => XmlValue;

export function iamRouter(state: FakeState): ServiceRouter {
  const handlers: Record<
    string,
    { resource: (p: URLSearchParams, req: FakeRequest) => string; run: Handler }
  > = {
    GetRole: { resource: roleResource, run: getRole },
    ListRoles: { resource: (_p, req) => `arn:aws:iam::${req.account}:role/`, run: listRoles },
    ListAttachedRolePolicies: { resource: roleResource, run: listAttached },
    ListRolePolicies: { resource: roleResource, run: listInline },
    GetRolePolicy: { resource: roleResource, run: getRolePolicy },
    GetPolicy: { resource: (p) => p.get('PolicyArn') ?? '*', run: getPolicy },
    GetPolicyVersion: { resource: (p) => p.get('PolicyArn') ?? '*', run: getPolicyVersion },
    ListEntitiesForPolicy: { resource: (p) => p.get('PolicyArn') ?? '*', run: listEntitiesForPolicy },
    GenerateServiceLastAccessedDetails: { resource: (p) => p.get('Arn') ?? '*', run: generateLastAccessed },
    GetServiceLastAccessedDetails: { resource: () => '*', run: getLastAccessed },
  };

  function roleResource(params: URLSearchParams, req: FakeRequest): string {
    return `arn:aws:iam::${req.account}:role/${params.get('RoleName') ?? ''}`;
  }

  function roles(account: string): WorldRole[] {
    return state.account(account)?.iam?.roles ?? [];
  }

  function findRole(params: URLSearchParams, req: FakeRequest): WorldRole {
    const name = params.get('RoleName') ?? '';
    const role = roles(req.account).find((r) => r.RoleName === name);
    if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return role;
  }

  function roleArn(role: WorldRole, account: string): string {
    return role.Arn ?? `arn:aws:iam::${account}:role${role.Path ?? '/'}${role.RoleName}`;
  }

  function roleId(role: WorldRole, account: string): string {
    return (
      role.RoleId ?? `AROA${stableUuid(roleArn(role, account)).replace(/-/g, '').slice(0, 17).toUpperCase()}`
    );
  }

  /** The Role shape; ListRoles leaves out what AWS leaves out there. */
  function roleXml(role: WorldRole, account: string, full: boolean): XmlValue {
    const arn = roleArn(role, account);
    const lastUsed = role.RoleLastUsed;
    return {
      Path: role.Path ?? '/',
      RoleName: role.RoleName,
      RoleId: roleId(role, account),
      Arn: arn,
      CreateDate: resolveTime(role.CreateDate ?? DEFAULT_DATE, state.loadedAt),
      AssumeRolePolicyDocument: encodeDocument(policyText(role.AssumeRolePolicyDocument)),
      Description: role.Description,
      MaxSessionDuration: role.MaxSessionDuration ?? 3600,
      PermissionsBoundary: full ? role.PermissionsBoundary : undefined,
      Tags: full ? role.Tags : undefined,
      RoleLastUsed: full
        ? {
            LastUsedDate:
              lastUsed?.LastUsedDate === undefined
                ? undefined
                : resolveTime(lastUsed.LastUsedDate, state.loadedAt),
            Region: lastUsed?.Region,
          }
        : undefined,
    };
  }

  function getRole(params: URLSearchParams, req: FakeRequest): XmlValue {
    return { Role: roleXml(findRole(params, req), req.account, true) };
  }

  function listRoles(params: URLSearchParams, req: FakeRequest): XmlValue {
    const prefix = params.get('PathPrefix') ?? '/';
    const all = roles(req.account).filter((r) => (r.Path ?? '/').startsWith(prefix));
    const page = pageOf(all, params);
    return {
      Roles: page.items.map((r) => roleXml(r, req.account, false)),
      IsTruncated: !!page.next,
      Marker: page.next,
    };
  }

  function listAttached(params: URLSearchParams, req: FakeRequest): XmlValue {
    const role = findRole(params, req);
    const attached = (role.AttachedPolicies ?? []).map((arn) => ({
      PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
      PolicyArn: arn,
    }));
    const page = pageOf(attached, params);
    return { AttachedPolicies: page.items, IsTruncated: !!page.next, Marker: page.next };
  }

  function listInline(params: URLSearchParams, req: FakeRequest): XmlValue {
    const role = findRole(params, req);
    const page = pageOf(Object.keys(role.InlinePolicies ?? {}), params);
    return { PolicyNames: page.items, IsTruncated: !!page.next, Marker: page.next };
  }

  function getRolePolicy(params: URLSearchParams, req: FakeRequest): XmlValue {
    const role = findRole(params, req);
    const name = params.get('PolicyName') ?? '';
    const document = role.InlinePolicies?.[name];
    if (document === undefined) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
    return {
      RoleName: role.RoleName,
      PolicyName: name,
      PolicyDocument: encodeDocument(policyText(document)),
    };
  }

  /** A customer policy of the caller's account, or an AWS-managed one. */
  function findPolicy(arn: string, req: FakeRequest): WorldManagedPolicy {
    const own = state.account(req.account)?.iam?.policies?.find((p) => p.Arn === arn);
    const policy = own ?? managedPolicy(arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return policy;
  }

  function getPolicy(params: URLSearchParams, req: FakeRequest): XmlValue {
    const arn = params.get('PolicyArn') ?? '';
    const policy = findPolicy(arn, req);
    const attachments = roles(req.account).filter((r) => r.AttachedPolicies?.includes(arn)).length;
    const created = resolveTime(policy.CreateDate ?? DEFAULT_DATE, state.loadedAt);
    return {
      Policy: {
        PolicyName: policy.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1),
        PolicyId: `ANPA${stableUuid(arn).replace(/-/g, '').slice(0, 17).toUpperCase()}`,
        Arn: arn,
        Path: pathOf(arn),
        DefaultVersionId: policy.DefaultVersionId ?? 'v1',
        AttachmentCount: attachments,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: created,
        UpdateDate: created,
      },
    };
  }

  /** The roles that attach a policy (the world has no users or groups: those lists are empty). */
  function listEntitiesForPolicy(params: URLSearchParams, req: FakeRequest): XmlValue {
    const arn = params.get('PolicyArn') ?? '';
    findPolicy(arn, req);
    const filter = params.get('EntityFilter');
    const attached =
      filter && filter !== 'Role' ? [] : roles(req.account).filter((r) => r.AttachedPolicies?.includes(arn));
    const page = pageOf(attached, params);
    return {
      PolicyGroups: [],
      PolicyUsers: [],
      PolicyRoles: page.items.map((r) => ({
        RoleName: r.RoleName,
        RoleId: roleId(r, req.account),
      })),
      IsTruncated: !!page.next,
      Marker: page.next,
    };
  }

  function getPolicyVersion(params: URLSearchParams, req: FakeRequest): XmlValue {
    const arn = params.get('PolicyArn') ?? '';
    const versionId = params.get('VersionId') ?? '';
    const policy = findPolicy(arn, req);
    const defaultId = policy.DefaultVersionId ?? 'v1';
    const document =
      versionId === defaultId
        ? policy.Document
        : policy.Versions?.find((v) => v.VersionId === versionId)?.Document;
    if (document === undefined)
      throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return {
      PolicyVersion: {
        Document: encodeDocument(policyText(document)),
        VersionId: versionId,
        IsDefaultVersion: versionId === defaultId,
        CreateDate: resolveTime(policy.CreateDate ?? DEFAULT_DATE, state.loadedAt),
      },
    };
  }

  function generateLastAccessed(params: URLSearchParams, req: FakeRequest): XmlValue {
    const arn = params.get('Arn') ?? '';
    if (!roles(req.account).some((r) => roleArn(r, req.account) === arn)) {
      throw noSuchEntity(`The entity with ARN ${arn} cannot be found.`);
    }
    const granularity = params.get('Granularity') === 'ACTION_LEVEL' ? 'ACTION_LEVEL' : 'SERVICE_LEVEL';
    const jobId = stableUuid(`${arn}#${state.next()}`);
    state.jobs.set(jobId, { account: req.account, arn, granularity, createdAt: new Date(), polls: 0 });
    return { JobId: jobId };
  }

  function getLastAccessed(params: URLSearchParams, req: FakeRequest): XmlValue {
    const jobId = params.get('JobId') ?? '';
    const job = state.jobs.get(jobId);
    if (!job || job.account !== req.account) throw noSuchEntity(`The job with ID ${jobId} cannot be found.`);
    job.polls += 1;
    const header = { JobStatus: 'IN_PROGRESS', JobType: job.granularity, JobCreationDate: job.createdAt };
    // AWS needs a while to build the report; pollers must wait for COMPLETED.
    if (job.polls <= (state.knobs.lastAccessedPolls ?? 1))
      return { ...header, ServicesLastAccessed: [], IsTruncated: false };
    const failure = state.knobs.lastAccessedFailure;
    if (failure !== undefined)
      return {
        ...header,
        JobStatus: 'FAILED',
        ServicesLastAccessed: [],
        IsTruncated: false,
        Error: { Message: failure, Code: 'InternalError' },
      };
    const role = roles(job.account).find((r) => roleArn(r, job.account) === job.arn);
    const services = (role?.LastAccessed ?? []).map((s) => ({
      ServiceName: s.ServiceName,
      ServiceNamespace: s.ServiceNamespace,
      LastAuthenticated:
        s.LastAuthenticated === undefined ? undefined : resolveTime(s.LastAuthenticated, state.loadedAt),
      LastAuthenticatedEntity: s.LastAuthenticatedEntity,
      LastAuthenticatedRegion: s.LastAuthenticatedRegion,
      TotalAuthenticatedEntities: s.TotalAuthenticatedEntities ?? (s.LastAuthenticated === undefined ? 0 : 1),
      TrackedActionsLastAccessed:
        job.granularity === 'ACTION_LEVEL' && s.TrackedActionsLastAccessed
          ? s.TrackedActionsLastAccessed.map((a) => ({
              ActionName: a.ActionName,
              LastAccessedEntity: a.LastAccessedEntity,
              LastAccessedTime:
                a.LastAccessedTime === undefined
                  ? undefined
                  : resolveTime(a.LastAccessedTime, state.loadedAt),
              LastAccessedRegion: a.LastAccessedRegion,
            }))
          : undefined,
    }));
    const page = pageOf(services, params);
    return {
      ...header,
      JobStatus: 'COMPLETED',
      ServicesLastAccessed: page.items,
      JobCompletionDate: new Date(job.createdAt.getTime() + 1000),
      IsTruncated: !!page.next,
      Marker: page.next,
    };
  }

  return {
    route(req: FakeRequest): Route {
      const params = formParams(req);
      const action = params.get('Action') ?? '';
      const handler = handlers[action];
      if (!handler) {
        return {
          api: `iam:${action || 'Unknown'}`,
          resource: '*',
          run: () => {
            throw new ApiError(
              'InvalidAction',
              400,
              `Could not find operation ${action} for version 2010-05-08`,
            );
          },
        };
      }
      return {
        api: `iam:${action}`,
        resource: handler.resource(params, req),
        run: () => queryResponse(action, NS, handler.run(params, req), req),
      };
    },
    render: (error, req) => queryError(error, NS, req),
    throttled: () => new ApiError('Throttling', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDenied', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () =>
      new ApiError('ServiceFailure', 500, 'The request processing has failed because of an unknown error.'),
  };
}

function noSuchEntity(message: string): ApiError {
  return new ApiError('NoSuchEntity', 404, message);
}

function pageOf<T>(items: T[], params: URLSearchParams) {
  const max = params.get('MaxItems');
  return paginate(
    items,
    params.get('Marker'),
    max === null ? null : Number(max),
    { size: 100, max: 1000 },
    () => new ApiError('InvalidInput', 400, 'Invalid Marker.'),
  );
}

/** The path of a policy ARN: `arn:aws:iam::aws:policy/service-role/X` has path `/service-role/`. */
function pathOf(arn: string): string {
  const resource = arn.slice(arn.indexOf(':policy') + ':policy'.length);
  return resource.slice(0, resource.lastIndexOf('/') + 1) || '/';
}
