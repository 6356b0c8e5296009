/**
 * GuardDuty over REST-JSON: ListDetectors (`GET /detector`, paged by maxResults ≤ 50 and
 * nextToken) and GetDetector (`GET /detector/{id}`). Bodies are camelCase; errors carry
 * `x-amzn-errortype` and `{ message, __type }`.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  jsonResponse,
  paginate,
  restJsonError,
  type ServiceRouter,
} from './http.js';
import type { FakeState } from './state.js';
import type { Json } from './world.js';
import type { WorldDetector } from './world-monitoring.js';

const CREATED = '2024-01-01T00:00:00.000Z';

export function guarddutyRouter(state: FakeState): ServiceRouter {
  const detectors = (req: FakeRequest): WorldDetector[] =>
    state.region(req.account, req.region).guardDutyDetectors ?? [];
  const arn = (req: FakeRequest, id: string) =>
    `arn:aws:guardduty:${req.region}:${req.account}:detector/${id}`;

  function listDetectors(req: FakeRequest): Json {
    const raw = req.url.searchParams.get('maxResults');
    const max = raw === null ? undefined : Number(raw);
    if (max !== undefined && !(max >= 1 && max <= 50)) {
      throw new ApiError(
        'BadRequestException',
        400,
        'The request is rejected because an invalid or out-of-range value is specified as an input parameter.',
      );
    }
    const page = paginate(
      detectors(req).map((d) => d.detectorId),
      req.url.searchParams.get('nextToken'),
      max,
      { size: 50, max: 50 },
      () =>
        new ApiError(
          'BadRequestException',
          400,
          'The request is rejected because the input nextToken is not valid.',
        ),
    );
    return page.next ? { detectorIds: page.items, nextToken: page.next } : { detectorIds: page.items };
  }

  function getDetector(req: FakeRequest, id: string): Json {
    const detector = detectors(req).find((d) => d.detectorId === id);
    if (!detector) {
      throw new ApiError(
        'BadRequestException',
        400,
        'The request is rejected because the input detectorId is not owned by the current account.',
      );
    }
    const { detectorId: _id, ...rest } = detector;
    const out: Record<string, Json> = {
      createdAt: CREATED,
      updatedAt: CREATED,
      findingPublishingFrequency: 'SIX_HOURS',
      serviceRole: `arn:aws:iam::${req.account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      status: 'ENABLED',
      features: [],
      tags: {},
    };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) out[key] = value;
    return out;
  }

  return {
    route(req) {
      const path = req.url.pathname.replace(/\/+$/, '');
      const one = /^\/detector\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && path === '/detector') {
        return {
          api: 'guardduty:ListDetectors',
          resource: arn(req, '*'),
          run: () => jsonResponse(listDetectors(req)),
        };
      }
      if (req.method === 'GET' && one) {
        const id = decodeURIComponent(one[1] ?? '');
        return {
          api: 'guardduty:GetDetector',
          resource: arn(req, id),
          run: () => jsonResponse(getDetector(req, id)),
        };
      }
      return {
        api: 'guardduty:Unknown',
        resource: '*',
        run: () => {
          throw new ApiError('BadRequestException', 400, `The fake does not serve ${req.method} ${path}`);
        },
      };
    },
    render: restJsonError,
    throttled: () => new ApiError('TooManyRequestsException', 429, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () =>
      new ApiError(
        'InternalServerErrorException',
        500,
        'The request is rejected because an internal error occurred (injected by the fake).',
      ),
  };
}
