/**
 * Elastic Load Balancing v2 over the query protocol: DescribeTargetGroups, DescribeLoadBalancers,
 * DescribeListeners and DescribeRules (the listener's default actions as its default rule),
 * paged by `Marker`/`NextMarker` with small default pages so paging is exercised. Errors are
 * ELB's own: 400 TargetGroupNotFound / LoadBalancerNotFound / ListenerNotFound, 403 AccessDenied,
 * 400 Throttling.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  paginate,
  type Route,
  type ServiceRouter,
} from './http.js';
import { formParams, queryError, queryResponse, type XmlValue } from './query.js';
import type { FakeState } from './state.js';
import type { WorldListener, WorldLoadBalancer } from './world-load-balancers.js';

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
/** Small pages: real defaults are larger, but a test world then crosses a page boundary. */
const PAGE = { size: 2, max: 400 };

/** The values of a query list parameter (`Name.member.1`, `Name.member.2`, ...). */
function memberList(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++)
    values.push(params.get(`${name}.member.${i}`) ?? '');
  return values;
}

function listenersOf(lb: WorldLoadBalancer): XmlValue[] {
  return (lb.Listeners ?? []).map((l) => ({
    ListenerArn: l.ListenerArn,
    LoadBalancerArn: lb.LoadBalancerArn,
    Port: l.Port,
    Protocol: l.Protocol,
    DefaultActions: l.DefaultActions as XmlValue[],
  }));
}

function rulesOf(listener: WorldListener): XmlValue[] {
  const defaultRule = {
    RuleArn: `${listener.ListenerArn.replace(':listener/', ':listener-rule/')}/default`,
    Priority: 'default',
    Conditions: [],
    Actions: listener.DefaultActions as XmlValue[],
    IsDefault: true,
  };
  const rules = (listener.Rules ?? []).map((r) => ({
    RuleArn: r.RuleArn,
    Priority: r.Priority,
    Conditions: (r.Conditions ?? []) as XmlValue[],
    Actions: r.Actions as XmlValue[],
    IsDefault: false,
  }));
  return [...rules, defaultRule];
}

export function elbv2Router(state: FakeState): ServiceRouter {
  const badMarker = () => new ApiError('ValidationError', 400, 'Invalid value for parameter Marker');

  function page(req: FakeRequest, key: string, items: readonly XmlValue[], action: string) {
    const params = formParams(req);
    const size = params.get('PageSize');
    const { items: shown, next } = paginate(
      items,
      params.get('Marker'),
      size ? Number(size) : null,
      PAGE,
      badMarker,
    );
    return queryResponse(action, NS, { [key]: [...shown], ...(next ? { NextMarker: next } : {}) }, req);
  }

  return {
    route(req: FakeRequest): Route {
      const params = formParams(req);
      const action = params.get('Action') ?? '';
      const contents = () => state.region(req.account, req.region);
      const loadBalancer = (arn: string) => {
        const lb = contents().loadBalancers?.find((l) => l.LoadBalancerArn === arn);
        if (!lb) throw new ApiError('LoadBalancerNotFound', 400, `Load balancers '[${arn}]' not found`);
        return lb;
      };
      const api = `elasticloadbalancing:${action}`;
      switch (action) {
        case 'DescribeTargetGroups': {
          const arns = memberList(params, 'TargetGroupArns');
          return {
            api,
            resource: arns[0] ?? '*',
            run: () => {
              const groups = contents().targetGroups ?? [];
              const found =
                arns.length > 0 ? arns.map((a) => groups.find((g) => g.TargetGroupArn === a)) : groups;
              if (found.some((g) => !g))
                throw new ApiError('TargetGroupNotFound', 400, 'One or more target groups not found');
              const shown = found.map((g) => ({
                TargetGroupArn: g?.TargetGroupArn,
                TargetGroupName: g?.TargetGroupArn.split('/')[1],
                TargetType: g?.TargetType ?? 'lambda',
                LoadBalancerArns: g?.LoadBalancerArns ?? [],
              }));
              return page(req, 'TargetGroups', shown, action);
            },
          };
        }
        case 'DescribeLoadBalancers': {
          const arns = memberList(params, 'LoadBalancerArns');
          return {
            api,
            resource: arns[0] ?? '*',
            run: () => {
              const lbs = arns.length > 0 ? arns.map(loadBalancer) : (contents().loadBalancers ?? []);
              const shown = lbs.map((lb) => ({
                LoadBalancerArn: lb.LoadBalancerArn,
                LoadBalancerName: lb.LoadBalancerArn.split('/')[2],
                Scheme: lb.Scheme,
                Type: 'application',
                State: { Code: 'active' },
              }));
              return page(req, 'LoadBalancers', shown, action);
            },
          };
        }
        case 'DescribeListeners': {
          const arn = params.get('LoadBalancerArn') ?? '';
          return {
            api,
            resource: arn,
            run: () => page(req, 'Listeners', listenersOf(loadBalancer(arn)), action),
          };
        }
        case 'DescribeRules': {
          const arn = params.get('ListenerArn') ?? '';
          return {
            api,
            resource: arn,
            run: () => {
              const listener = (contents().loadBalancers ?? [])
                .flatMap((lb) => lb.Listeners ?? [])
                .find((l) => l.ListenerArn === arn);
              if (!listener) throw new ApiError('ListenerNotFound', 400, `Listener '${arn}' not found`);
              return page(req, 'Rules', rulesOf(listener), action);
            },
          };
        }
        default:
          return {
            api,
            resource: '*',
            run: () => {
              throw new ApiError('InvalidAction', 400, `Could not find operation ${action}`);
            },
          };
      }
    },
    render: (error, req) => queryError(error, NS, req),
    throttled: () => new ApiError('Throttling', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDenied', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalFailure', 500, 'Internal failure (injected by the fake)'),
  };
}
