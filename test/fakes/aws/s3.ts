/**
 * S3 and S3 Control over REST-XML. Both sign as `s3`; S3 Control's paths start `/v20180820/`
 * and name the account in `x-amz-account-id`. S3 (path-style, `/<bucket>?policy`): the bucket
 * reads of the invocation paths with S3's "none" errors (NoSuchBucketPolicy,
 * NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError), errors as
 * a bare `<Error>`, throttling as 503 SlowDown. S3 Control: GetPublicAccessBlock of the account,
 * errors wrapped in `<ErrorResponse>`.
 */
import { createHash } from 'node:crypto';
import { ApiError, deniedMessage, type FakeRequest, type FakeResponse, type ServiceRouter } from './http.js';
import { escapeXml, toXml, type XmlValue } from './query.js';
import type { FakeState } from './state.js';
import { policyText } from './world.js';
import type { WorldBucket, WorldPublicAccessBlock } from './world-buckets.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const CONTROL_PREFIX = '/v20180820/';

/** The owner's canonical user id: 64 hex digits, stable per account. */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`canonical:${account}`).digest('hex');
}

/** A 200 answer with `root` around `content` (XML text, or a value toXml renders). */
function xml(root: string, namespace: string, content: XmlValue, req: FakeRequest): FakeResponse {
  const inner = typeof content === 'string' ? content : toXml(content);
  return {
    status: 200,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': req.requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${inner}</${root}>`,
  };
}

function blockXml(block: WorldPublicAccessBlock): XmlValue {
  return {
    BlockPublicAcls: block.BlockPublicAcls ?? false,
    IgnorePublicAcls: block.IgnorePublicAcls ?? false,
    BlockPublicPolicy: block.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: block.RestrictPublicBuckets ?? false,
  };
}

function grantXml(grantee: string, permission: string): string {
  return (
    `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${grantee}</Grantee>` +
    `<Permission>${escapeXml(permission)}</Permission></Grant>`
  );
}

/** The subresource reads, by query key: the IAM action and the answer. */
const BUCKET_READS: Record<
  string,
  { api: string; answer: (bucket: WorldBucket, owner: string, req: FakeRequest) => FakeResponse }
> = {
  notification: {
    api: 's3:GetBucketNotification',
    answer: (bucket, _owner, req) => {
      const configs = (bucket.LambdaFunctionConfigurations ?? [])
        .map(
          (c, i) =>
            `<CloudFunctionConfiguration><Id>${escapeXml(c.Id ?? `notification-${i + 1}`)}</Id>` +
            `<CloudFunction>${escapeXml(c.LambdaFunctionArn)}</CloudFunction>` +
            c.Events.map((e) => `<Event>${escapeXml(e)}</Event>`).join('') +
            '</CloudFunctionConfiguration>',
        )
        .join('');
      return xml('NotificationConfiguration', S3_NS, configs, req);
    },
  },
  policy: {
    api: 's3:GetBucketPolicy',
    answer: (bucket, _owner, req) => {
      if (!bucket.Policy)
        throw new ApiError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', {
          fields: { BucketName: bucket.Name },
        });
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amz-request-id': req.requestId },
        body: policyText(bucket.Policy),
      };
    },
  },
  acl: {
    api: 's3:GetBucketAcl',
    answer: (bucket, owner, req) => {
      const id = canonicalId(owner);
      const grants = [
        grantXml(`xsi:type="CanonicalUser"><ID>${id}</ID>`, 'FULL_CONTROL'),
        ...(bucket.Grants ?? []).map((g) =>
          grantXml(
            g.URI
              ? `xsi:type="Group"><URI>${escapeXml(g.URI)}</URI>`
              : `xsi:type="CanonicalUser"><ID>${escapeXml(g.ID ?? '')}</ID>`,
            g.Permission,
          ),
        ),
      ].join('');
      const owned = `<Owner><ID>${id}</ID></Owner><AccessControlList>${grants}</AccessControlList>`;
      return xml('AccessControlPolicy', S3_NS, owned, req);
    },
  },
  publicAccessBlock: {
    api: 's3:GetBucketPublicAccessBlock',
    answer: (bucket, _owner, req) => {
      if (!bucket.PublicAccessBlock)
        throw new ApiError(
          'NoSuchPublicAccessBlockConfiguration',
          404,
          'The public access block configuration was not found',
          { fields: { BucketName: bucket.Name } },
        );
      return xml('PublicAccessBlockConfiguration', S3_NS, blockXml(bucket.PublicAccessBlock), req);
    },
  },
  encryption: {
    api: 's3:GetEncryptionConfiguration',
    answer: (bucket, _owner, req) => {
      if (!bucket.Encryption)
        throw new ApiError(
          'ServerSideEncryptionConfigurationNotFoundError',
          404,
          'The server side encryption configuration was not found',
          { fields: { BucketName: bucket.Name } },
        );
      const { SSEAlgorithm, KMSMasterKeyID } = bucket.Encryption;
      return xml(
        'ServerSideEncryptionConfiguration',
        S3_NS,
        {
          Rule: {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm, KMSMasterKeyID },
            BucketKeyEnabled: false,
          },
        },
        req,
      );
    },
  },
};

export function s3Router(state: FakeState): ServiceRouter {
  /** The bucket, its account and region, wherever it is in the world (bucket names are global). */
  function findBucket(name: string) {
    for (const [account, { regions }] of Object.entries(state.world.accounts)) {
      for (const [region, contents] of Object.entries(regions)) {
        const bucket = contents.buckets?.find((b) => b.Name === name);
        if (bucket) return { bucket, account, region };
      }
    }
    return null;
  }

  function controlRoute(req: FakeRequest) {
    const account = String(req.headers['x-amz-account-id'] ?? '');
    const known =
      req.method === 'GET' && req.url.pathname === `${CONTROL_PREFIX}configuration/publicAccessBlock`;
    return {
      api: known ? 's3:GetAccountPublicAccessBlock' : 's3:UnknownOperation',
      resource: '*',
      run: () => {
        if (!known)
          throw new ApiError('InvalidRequest', 400, `Unknown operation ${req.method} ${req.url.pathname}`);
        if (account !== req.account) throw new ApiError('AccessDenied', 403, 'Access Denied');
        const block = state.account(account)?.publicAccessBlock;
        if (!block)
          throw new ApiError(
            'NoSuchPublicAccessBlockConfiguration',
            404,
            'The public access block configuration was not found',
            { fields: { AccountId: account } },
          );
        return xml('PublicAccessBlockConfiguration', CONTROL_NS, blockXml(block), req);
      },
    };
  }

  return {
    route(req) {
      if (req.url.pathname.startsWith(CONTROL_PREFIX)) return controlRoute(req);
      const name = decodeURIComponent(req.url.pathname.split('/')[1] ?? '');
      const key = Object.keys(BUCKET_READS).find((k) => req.url.searchParams.has(k));
      const read = key && req.method === 'GET' ? BUCKET_READS[key] : undefined;
      return {
        api: read?.api ?? 's3:UnknownOperation',
        resource: `arn:aws:s3:::${name}`,
        run: () => {
          if (!read)
            throw new ApiError(
              'NotImplemented',
              501,
              'A header you provided implies functionality that is not implemented',
            );
          const found = findBucket(name);
          if (!found)
            throw new ApiError('NoSuchBucket', 404, 'The specified bucket does not exist', {
              fields: { BucketName: name },
            });
          if (found.account !== req.account) throw new ApiError('AccessDenied', 403, 'Access Denied');
          if (found.region !== req.region)
            throw new ApiError(
              'PermanentRedirect',
              301,
              'The bucket you are attempting to access must be addressed using the specified endpoint.',
              {
                headers: { 'x-amz-bucket-region': found.region },
                fields: { BucketName: name },
              },
            );
          return read.answer(found.bucket, found.account, req);
        },
      };
    },
    render(error, req) {
      const fields = Object.entries(error.extra.fields ?? {})
        .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
        .join('');
      const inner = `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${fields}`;
      const body = req.url.pathname.startsWith(CONTROL_PREFIX)
        ? `<ErrorResponse><Error>${inner}</Error><RequestId>${req.requestId}</RequestId><HostId>fake</HostId></ErrorResponse>`
        : `<Error>${inner}<RequestId>${req.requestId}</RequestId><HostId>fake</HostId></Error>`;
      return {
        status: error.status,
        headers: {
          'content-type': 'application/xml',
          'x-amz-request-id': req.requestId,
          ...error.extra.headers,
        },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
      };
    },
    throttled: () => new ApiError('SlowDown', 503, 'Please reduce your request rate.'),
    denied: (api, resource, req) =>
      new ApiError('AccessDenied', 403, deniedMessage(req.callerArn, api, resource)),
    failure: () => new ApiError('InternalError', 500, 'We encountered an internal error. Please try again.'),
  };
}
