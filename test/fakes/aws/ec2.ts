/**
 * EC2 over its own query protocol: form-encoded `Action=...&Version=2016-11-15`, XML answers with
 * no Result wrapper, camelCase element names, lists as `<item>`, errors as
 * `<Response><Errors><Error>`. DescribeSubnets and DescribeSecurityGroups filter by id
 * (`SubnetId.N` / `GroupId.N`, unknown ids fail the call as AWS does) or by `Filter.N.Name` =
 * subnet-id, group-id or vpc-id (unknown ids simply match nothing), and page with MaxResults
 * (5–1000) and NextToken.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type FakeResponse,
  paginate,
  type ServiceRouter,
} from './http.js';
import { escapeXml, formParams, toXml, type XmlValue } from './query.js';
import type { FakeState } from './state.js';
import type { WorldIpPermission, WorldSecurityGroup, WorldSubnet } from './world-monitoring.js';

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

const toEc2Xml = (value: XmlValue) => toXml(value, 'item');

/** `Prefix.1=a&Prefix.2=b` -> ['a', 'b']. */
function numbered(params: URLSearchParams, prefix: string): string[] {
  return [...params]
    .filter(([key]) => new RegExp(`^${prefix.replace('.', '\\.')}\\.\\d+$`).test(key))
    .map(([, value]) => value);
}

function filters(params: URLSearchParams): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [key, name] of params) {
    const n = /^Filter\.(\d+)\.Name$/.exec(key)?.[1];
    if (n) byName.set(name, numbered(params, `Filter.${n}.Value`));
  }
  return byName;
}

function permission(p: WorldIpPermission): XmlValue {
  return {
    ipProtocol: p.IpProtocol,
    fromPort: p.FromPort,
    toPort: p.ToPort,
    groups: [],
    ipRanges: (p.IpRanges ?? []).map((r) => ({ cidrIp: r.CidrIp, description: r.Description })),
    ipv6Ranges: (p.Ipv6Ranges ?? []).map((r) => ({ cidrIpv6: r.CidrIpv6, description: r.Description })),
    prefixListIds: (p.PrefixListIds ?? []).map((r) => ({ prefixListId: r.PrefixListId })),
  };
}

export function ec2Router(state: FakeState): ServiceRouter {
  /** Applies ids, filters and paging; `kind` names the id parameter, its filter and its error. */
  function select<T extends object>(
    params: URLSearchParams,
    items: T[],
    id: (item: T) => string,
    kind: { param: string; filter: string; notFound: string; noun: string },
  ): { items: T[]; next?: string } {
    const ids = numbered(params, kind.param);
    const maxRaw = params.get('MaxResults');
    if (ids.length > 0 && maxRaw !== null && kind.param === 'GroupId') {
      throw new ApiError(
        'InvalidParameterCombination',
        400,
        'The parameter groupIds cannot be used with the parameter maxResults',
      );
    }
    const missing = ids.filter((wanted) => !items.some((item) => id(item) === wanted));
    if (missing.length > 0) {
      throw new ApiError(kind.notFound, 400, `The ${kind.noun} ID '${missing.join("', '")}' does not exist`);
    }
    let selected = ids.length > 0 ? items.filter((item) => ids.includes(id(item))) : items;
    for (const [name, values] of filters(params)) {
      if (name === kind.filter) selected = selected.filter((item) => values.includes(id(item)));
      else if (name === 'vpc-id')
        selected = selected.filter((item) => values.includes(String((item as { VpcId?: string }).VpcId)));
      else
        throw new ApiError(
          'InvalidParameterValue',
          400,
          `The filter '${name}' is invalid (the fake knows ${kind.filter} and vpc-id)`,
        );
    }
    const max = maxRaw === null ? undefined : Number(maxRaw);
    if (max !== undefined && !(max >= 5 && max <= 1000)) {
      throw new ApiError(
        'InvalidParameterValue',
        400,
        `Value ( ${maxRaw} ) for parameter maxResults is invalid. Expecting a value greater than 5.`,
      );
    }
    return paginate(
      selected,
      params.get('NextToken'),
      max ?? selected.length,
      { size: Math.max(selected.length, 1), max: 1000 },
      () =>
        new ApiError('InvalidPaginationToken', 400, `Invalid pagination token: ${params.get('NextToken')}`),
    );
  }

  function respond(action: string, body: XmlValue, req: FakeRequest): FakeResponse {
    return {
      status: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NS}"><requestId>${req.requestId}</requestId>${toEc2Xml(body)}</${action}Response>`,
    };
  }

  function describeSubnets(params: URLSearchParams, req: FakeRequest): FakeResponse {
    const page = select(
      params,
      state.region(req.account, req.region).subnets ?? [],
      (s: WorldSubnet) => s.SubnetId,
      {
        param: 'SubnetId',
        filter: 'subnet-id',
        notFound: 'InvalidSubnetID.NotFound',
        noun: 'subnet',
      },
    );
    return respond(
      'DescribeSubnets',
      {
        subnetSet: page.items.map((s) => ({
          subnetId: s.SubnetId,
          vpcId: s.VpcId,
          availabilityZone: s.AvailabilityZone,
          availabilityZoneId: s.AvailabilityZoneId,
          cidrBlock: s.CidrBlock ?? '10.0.0.0/24',
          state: 'available',
          ownerId: req.account,
          subnetArn: `arn:aws:ec2:${req.region}:${req.account}:subnet/${s.SubnetId}`,
        })),
        nextToken: page.next,
      },
      req,
    );
  }

  function describeSecurityGroups(params: URLSearchParams, req: FakeRequest): FakeResponse {
    const page = select(
      params,
      state.region(req.account, req.region).securityGroups ?? [],
      (g: WorldSecurityGroup) => g.GroupId,
      { param: 'GroupId', filter: 'group-id', notFound: 'InvalidGroup.NotFound', noun: 'security group' },
    );
    return respond(
      'DescribeSecurityGroups',
      {
        securityGroupInfo: page.items.map((g) => ({
          ownerId: req.account,
          groupId: g.GroupId,
          groupName: g.GroupName ?? g.GroupId,
          groupDescription: g.Description ?? '',
          vpcId: g.VpcId,
          ipPermissions: (g.IpPermissions ?? []).map(permission),
          ipPermissionsEgress: (g.IpPermissionsEgress ?? []).map(permission),
        })),
        nextToken: page.next,
      },
      req,
    );
  }

  const operations: Record<string, (params: URLSearchParams, req: FakeRequest) => FakeResponse> = {
    DescribeSubnets: describeSubnets,
    DescribeSecurityGroups: describeSecurityGroups,
  };

  return {
    route(req) {
      const params = formParams(req);
      const action = params.get('Action') ?? '';
      const operation = operations[action];
      return {
        api: `ec2:${action || 'Unknown'}`,
        resource: `arn:aws:ec2:${req.region}:${req.account}:*`,
        run: () => {
          if (!operation)
            throw new ApiError(
              'InvalidAction',
              400,
              `The action ${action} is not valid for this web service.`,
            );
          return operation(params, req);
        },
      };
    },
    render(error: ApiError, req: FakeRequest): FakeResponse {
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml;charset=UTF-8', ...error.extra.headers },
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
          `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${req.requestId}</RequestID></Response>`,
      };
    },
    throttled: () => new ApiError('RequestLimitExceeded', 503, 'Request limit exceeded.'),
    denied: (api, resource, req) =>
      new ApiError(
        'UnauthorizedOperation',
        403,
        `You are not authorized to perform this operation. ${deniedMessage(req.callerArn, api, resource)}`,
      ),
    failure: () =>
      new ApiError('InternalError', 500, 'An internal error has occurred (injected by the fake).'),
  };
}
