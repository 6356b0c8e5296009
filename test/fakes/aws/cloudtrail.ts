/**
 * CloudTrail over JSON 1.1 (`X-Amz-Target: CloudTrail_20131101.<Op>`): DescribeTrails,
 * GetEventSelectors and GetTrailStatus. A multi-region trail shows in every region of its
 * account (a "shadow" elsewhere than its home region); a shadow trail answers only to its ARN,
 * as AWS documents for GetTrailStatus. Errors are JSON bodies with `__type`, status 400.
 */
import { ApiError, deniedMessage, type FakeRequest, jsonProtocolError, type ServiceRouter } from './http.js';
import { type JsonInput, optionalString, routeJson, stringList } from './json-rpc.js';
import type { FakeState } from './state.js';
import type { Json } from './world.js';
import type { WorldTrail } from './world-monitoring.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

interface Located {
  trail: WorldTrail;
  home: string;
  arn: string;
}

export function cloudtrailRouter(state: FakeState): ServiceRouter {
  /** Trails visible in the caller's region: its own, then other regions' multi-region trails. */
  function visible(req: FakeRequest): Located[] {
    const regions = state.account(req.account)?.regions ?? {};
    return Object.entries(regions).flatMap(([home, region]) =>
      (region.trails ?? [])
        .filter((t) => home === req.region || t.IsMultiRegionTrail === true)
        .map((trail) => ({ trail, home, arn: trailArn(home, req.account, trail.Name) })),
    );
  }

  /** By name (trails homed here only) or by ARN (shadows too). */
  function find(req: FakeRequest, nameOrArn: string | undefined): Located {
    if (!nameOrArn)
      throw new ApiError('InvalidTrailNameException', 400, 'Trail name or ARN can only contain …');
    const found = visible(req).find((t) =>
      nameOrArn.startsWith('arn:')
        ? t.arn === nameOrArn
        : t.home === req.region && t.trail.Name === nameOrArn,
    );
    if (!found) {
      const arn = nameOrArn.startsWith('arn:') ? nameOrArn : trailArn(req.region, req.account, nameOrArn);
      throw new ApiError('TrailNotFoundException', 400, `Unknown trail: ${arn} for the user: ${req.account}`);
    }
    return found;
  }

  function describeTrails(input: JsonInput, req: FakeRequest): Json {
    const wanted = stringList(input.trailNameList);
    const shadows = input.includeShadowTrails !== false;
    const trails = visible(req)
      .filter((t) => shadows || t.home === req.region)
      .filter(
        (t) => !wanted || wanted.length === 0 || wanted.includes(t.trail.Name) || wanted.includes(t.arn),
      );
    return {
      trailList: trails.map(({ trail, home, arn }) => ({
        Name: trail.Name,
        S3BucketName: `${trail.Name}-logs`,
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: trail.IsMultiRegionTrail === true,
        HomeRegion: home,
        TrailARN: arn,
        LogFileValidationEnabled: true,
        HasCustomEventSelectors: Boolean(trail.EventSelectors || trail.AdvancedEventSelectors),
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      })),
    };
  }

  function getEventSelectors(input: JsonInput, req: FakeRequest): Json {
    const { trail, arn } = find(req, optionalString(input.TrailName));
    if (trail.AdvancedEventSelectors)
      return { TrailARN: arn, AdvancedEventSelectors: trail.AdvancedEventSelectors };
    return {
      TrailARN: arn,
      EventSelectors: trail.EventSelectors ?? [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: [],
        },
      ],
    };
  }

  function getTrailStatus(input: JsonInput, req: FakeRequest): Json {
    const { trail } = find(req, optionalString(input.Name));
    const logging = trail.IsLogging !== false;
    return {
      IsLogging: logging,
      ...(logging
        ? { StartLoggingTime: 1_704_067_200, LatestDeliveryTime: 1_704_070_800 }
        : { StopLoggingTime: 1_704_070_800 }),
    };
  }

  const resource = (field: string) => (input: JsonInput, req: FakeRequest) => {
    const name = optionalString(input[field]) ?? '*';
    return name.startsWith('arn:') ? name : trailArn(req.region, req.account, name);
  };

  return {
    route: (req) =>
      routeJson(
        'cloudtrail',
        CONTENT_TYPE,
        {
          DescribeTrails: { resource: (_i, r) => trailArn(r.region, r.account, '*'), run: describeTrails },
          GetEventSelectors: { resource: resource('TrailName'), run: getEventSelectors },
          GetTrailStatus: { resource: resource('Name'), run: getTrailStatus },
        },
        req,
      ),
    render: (error, req) => jsonProtocolError(error, req, CONTENT_TYPE),
    throttled: () => new ApiError('ThrottlingException', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalFailure', 500, 'An internal error occurred (injected by the fake).'),
  };
}

function trailArn(region: string, account: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
}
