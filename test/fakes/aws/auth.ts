/**
 * Who is calling, where, and which service: read from the SigV4 Authorization header. The fake
 * does not verify signatures; it only needs the credential scope and the access key id.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceName } from './http.js';
import type { FakeState } from './state.js';

export interface Caller {
  accessKeyId: string;
  account: string;
  region: string;
  callerArn: string;
  /** The service named in the credential scope, if the request was signed. */
  scopeService: string | null;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function identify(headers: IncomingHttpHeaders, state: FakeState): Caller {
  const match = CREDENTIAL.exec(String(headers.authorization ?? ''));
  const accessKeyId = match?.[1] ?? '';
  const region = match?.[2] ?? 'us-east-1';
  const scopeService = match?.[3] ?? null;
  const session = state.sessions.get(accessKeyId);
  if (session) {
    const [, , , , , resource = ''] = session.roleArn.split(':');
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    return {
      accessKeyId,
      account: session.account,
      region,
      callerArn: `arn:aws:sts::${session.account}:assumed-role/${roleName}/${session.sessionName}`,
      scopeService,
    };
  }
  // A static key can pick an account by carrying it: AKIA + 12 digits + anything.
  const encoded = /^A[SK]IA(\d{12})/.exec(accessKeyId)?.[1];
  const account = encoded && state.account(encoded) ? encoded : state.defaultAccount;
  const callerArn =
    account === state.defaultAccount && state.world.callerArn
      ? state.world.callerArn
      : `arn:aws:sts::${account}:assumed-role/lambda-audit/fake-session`;
  return { accessKeyId, account, region, callerArn, scopeService };
}

/**
 * The service a request is for. The credential scope decides (IAM and STS share the query
 * protocol and look alike otherwise); unsigned requests fall back to their shape.
 */
export function serviceOf(
  caller: Caller,
  headers: IncomingHttpHeaders,
  path: string,
  body: string,
): ServiceName {
  switch (caller.scopeService) {
    case 'lambda':
    case 'iam':
    case 'sts':
    case 'logs':
    case 'sqs':
    case 'monitoring':
    case 'cloudtrail':
    case 'guardduty':
    case 'ec2':
    case 'apigateway':
    case 'sns':
    case 'kms':
    case 's3':
    case 'events':
    case 'kinesis':
    case 'dynamodb':
    case 'elasticloadbalancing':
    case 'organizations':
    case 'account':
      return caller.scopeService;
  }
  if (String(headers['x-amz-target'] ?? '').startsWith('AmazonSQS.')) return 'sqs';
  if (headers['x-amz-target']) return 'logs';
  if (/^\/20\d\d-\d\d-\d\d\//.test(path)) return 'lambda';
  return body.includes('Version=2011-06-15') ? 'sts' : 'iam';
}
