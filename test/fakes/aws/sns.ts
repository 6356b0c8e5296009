/**
 * SNS over the query protocol: GetTopicAttributes, answering the topic's attributes as an
 * `<entry><key/><value/></entry>` map, with SNS's own errors (404 `NotFound`, 403
 * `AuthorizationError`, 400 `Throttled`).
 */
import { ApiError, deniedMessage, type FakeRequest, type Route, type ServiceRouter } from './http.js';
import { escapeXml, formParams, queryError } from './query.js';
import type { FakeState } from './state.js';
import type { Json } from './world.js';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function attributeText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function snsRouter(state: FakeState): ServiceRouter {
  return {
    route(req: FakeRequest): Route {
      const params = formParams(req);
      const action = params.get('Action') ?? '';
      const arn = params.get('TopicArn') ?? '';
      return {
        api: `sns:${action}`,
        resource: arn || '*',
        run: () => {
          if (action !== 'GetTopicAttributes')
            throw new ApiError('InvalidAction', 400, `Unknown action ${action}`);
          const [, , , region = '', account = ''] = arn.split(':');
          const topic = state.region(account, region).topics?.find((t) => t.TopicArn === arn);
          if (!topic || account !== req.account) throw new ApiError('NotFound', 404, 'Topic does not exist');
          const attributes: Record<string, string> = {
            TopicArn: arn,
            Owner: account,
            DisplayName: '',
            SubscriptionsConfirmed: '1',
            ...Object.fromEntries(
              Object.entries(topic.Attributes ?? {}).map(([k, v]) => [k, attributeText(v)]),
            ),
          };
          const entries = Object.entries(attributes)
            .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></entry>`)
            .join('');
          return {
            status: 200,
            headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
            body:
              `<GetTopicAttributesResponse xmlns="${NS}"><GetTopicAttributesResult><Attributes>${entries}</Attributes>` +
              `</GetTopicAttributesResult><ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata></GetTopicAttributesResponse>`,
          };
        },
      };
    },
    render: (error, req) => queryError(error, NS, req),
    throttled: () => new ApiError('Throttled', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AuthorizationError', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalError', 500, 'Internal error (injected by the fake)'),
  };
}
