/**
 * STS over the query protocol. AssumeRole hands out credentials whose access key id encodes the
 * target account (`ASIA` + 12-digit account + 4 characters), so requests signed with them are
 * served from that account without the fake having to verify signatures.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type Route,
  type ServiceRouter,
  stableUuid,
} from './http.js';
import { formParams, queryError, queryResponse, type XmlValue } from './query.js';
import type { FakeState } from './state.js';
import type { WorldPolicyDocument } from './world.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The ExternalId a trust policy requires (`Condition.StringEquals["sts:ExternalId"]`), else null. */
function requiredExternalId(document: WorldPolicyDocument): string | null {
  const policy = (typeof document === 'string' ? JSON.parse(document) : document) as {
    Statement?: { Condition?: { StringEquals?: Record<string, unknown> } }[];
  };
  for (const statement of policy.Statement ?? []) {
    const id = statement.Condition?.StringEquals?.['sts:ExternalId'];
    if (typeof id === 'string') return id;
  }
  return null;
}

export function stsRouter(state: FakeState): ServiceRouter {
  function callerIdentity(req: FakeRequest): XmlValue {
    const session = state.sessions.get(req.accessKeyId);
    const userId = session
      ? `${roleId(session.roleArn)}:${session.sessionName}`
      : `AROA${stableUuid(req.callerArn).replace(/-/g, '').slice(0, 17).toUpperCase()}:fake-session`;
    return { UserId: userId, Account: req.account, Arn: req.callerArn };
  }

  function assumeRole(params: URLSearchParams, req: FakeRequest): XmlValue {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? 'session';
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    const account = match?.[1] ?? '';
    const target = state.account(account);
    const roleName = match?.[2] ?? '';
    // Without the account, or with an IAM section that lacks the role, AWS says AccessDenied.
    const role = target?.iam?.roles?.find((r) => r.RoleName === roleName);
    const known = target && (!target.iam?.roles || role);
    // A trust policy with a StringEquals sts:ExternalId condition refuses callers without that id.
    const externalId = role ? requiredExternalId(role.AssumeRolePolicyDocument) : null;
    if (!known || (externalId !== null && params.get('ExternalId') !== externalId))
      throw new ApiError('AccessDenied', 403, deniedMessage(req.callerArn, 'sts:AssumeRole', roleArn));
    const accessKeyId = `ASIA${account}${state.next().toString(36).toUpperCase().padStart(4, '0').slice(-4)}`;
    const asked = Number(params.get('DurationSeconds') ?? 3600);
    const duration = Math.min(asked, state.knobs.sessionSeconds ?? asked);
    const expiresAt = state.now() + duration * 1000;
    state.sessions.set(accessKeyId, { account, roleArn, sessionName, expiresAt });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: `fake-secret-${accessKeyId}`,
        SessionToken: `fake-session-token-${accessKeyId}`,
        Expiration: new Date(expiresAt),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${roleId(roleArn)}:${sessionName}`,
        Arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      },
      PackedPolicySize: 0,
    };
  }

  return {
    route(req: FakeRequest): Route {
      const params = formParams(req);
      const action = params.get('Action') ?? '';
      if (action === 'GetCallerIdentity') {
        return {
          api: 'sts:GetCallerIdentity',
          resource: '*',
          run: () => queryResponse(action, NS, callerIdentity(req), req),
        };
      }
      if (action === 'AssumeRole') {
        return {
          api: 'sts:AssumeRole',
          resource: params.get('RoleArn') ?? '*',
          run: () => queryResponse(action, NS, assumeRole(params, req), req),
        };
      }
      return {
        api: `sts:${action || 'Unknown'}`,
        resource: '*',
        run: () => {
          throw new ApiError(
            'InvalidAction',
            400,
            `Could not find operation ${action} for version 2011-06-15`,
          );
        },
      };
    },
    render: (error, req) => queryError(error, NS, req),
    throttled: () => new ApiError('Throttling', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDenied', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalFailure', 500, 'An internal error occurred (injected by the fake).'),
  };
}

function roleId(roleArn: string): string {
  return `AROA${stableUuid(roleArn).replace(/-/g, '').slice(0, 17).toUpperCase()}`;
}
