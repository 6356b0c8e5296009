/**
 * KMS over JSON 1.1 (`X-Amz-Target: TrentService.<Op>`): DescribeKey by key id, key ARN, alias
 * name or alias ARN; an unknown key is 400 `NotFoundException`.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  jsonProtocolError,
  jsonResponse,
  type Route,
  type ServiceRouter,
} from './http.js';
import type { FakeState } from './state.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function kmsRouter(state: FakeState): ServiceRouter {
  return {
    route(req: FakeRequest): Route {
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      const input = (req.body ? JSON.parse(req.body) : {}) as { KeyId?: string };
      const ref = input.KeyId ?? '';
      return {
        api: `kms:${action}`,
        resource: ref.startsWith('arn:')
          ? ref
          : `arn:aws:kms:${req.region}:${req.account}:${ref.startsWith('alias/') ? ref : `key/${ref}`}`,
        run: () => {
          if (action !== 'DescribeKey')
            throw new ApiError('UnknownOperationException', 400, `Unknown operation ${action}`);
          // alias/x, key id, or an ARN of either.
          const name = ref.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '').replace(/^key\//, '');
          const key = (state.region(req.account, req.region).kmsKeys ?? []).find(
            (k) => k.KeyId === name || (k.Aliases ?? []).includes(name),
          );
          if (!key) throw new ApiError('NotFoundException', 400, `Key '${ref}' does not exist`);
          const Arn = `arn:aws:kms:${req.region}:${req.account}:key/${key.KeyId}`;
          return jsonResponse(
            {
              KeyMetadata: {
                AWSAccountId: req.account,
                KeyId: key.KeyId,
                Arn,
                KeyManager: key.KeyManager,
                KeyState: 'Enabled',
                Enabled: true,
                KeyUsage: 'ENCRYPT_DECRYPT',
                KeySpec: 'SYMMETRIC_DEFAULT',
                Origin: 'AWS_KMS',
                Description: key.Description ?? '',
              },
            },
            CONTENT_TYPE,
          );
        },
      };
    },
    render: (error, req) => jsonProtocolError(error, req, CONTENT_TYPE),
    throttled: () => new ApiError('ThrottlingException', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('KMSInternalException', 500, 'Internal error (injected by the fake)'),
  };
}
