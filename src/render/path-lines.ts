/**
 * Invocation paths as lines a person scans: what the source is, who can use it, and the flags
 * that matter on call (public, foreign account, no auth, no validation, no WAF), widest first.
 * Never the raw policy JSON: the path already says what its conditions mean.
 */
import { exposureRank, isOpenPath, pathExposure } from '../exposure.js';
import type { Exposure, InvocationPath, PathKind, Reach } from '../model.js';
import { escapeCode, escapeMrkdwn, truncate } from './escape.js';

const KIND_LABELS: Record<PathKind, string> = {
  url: 'Function URL',
  policy: 'Resource policy',
  'apigateway-rest': 'REST API',
  'apigateway-http': 'HTTP API',
  'apigateway-websocket': 'WebSocket API',
  alb: 'Load balancer',
  s3: 'S3 bucket',
  sns: 'SNS topic',
  sqs: 'SQS queue',
  eventbridge: 'EventBridge rule',
  schedule: 'Schedule',
  kinesis: 'Kinesis stream',
  dynamodb: 'DynamoDB stream',
  kafka: 'Kafka',
  other: 'Other source',
};

const REACH_FLAGS: Record<Reach, string> = {
  public: ':globe_with_meridians: public',
  accounts: ':busts_in_silhouette: foreign account',
  organization: 'organisation',
  account: 'this account',
  network: 'private network',
  none: 'nobody',
  unknown: ':grey_question: unknown',
};

/** The exposure in words, with the emoji the verdict line shows. */
export const EXPOSURE_WORDS: Record<Exposure, string> = {
  'internet-open': ':rotating_light: anyone on the internet, without authentication',
  'internet-authenticated': ':globe_with_meridians: the internet, behind authentication',
  'cross-account': ':busts_in_silhouette: other AWS accounts',
  organization: ':office: accounts of the organisation',
  unknown: ':grey_question: unknown: a source could not be read',
  account: ':lock: principals of its own account only',
  network: ':lock: a private network only',
  none: ':lock: nothing outside AWS',
};

/** Widest first (checks.md's ranking), then by kind and source, so the order is stable. */
export function widestFirst(paths: readonly InvocationPath[]): InvocationPath[] {
  return [...paths].sort(
    (a, b) =>
      exposureRank(pathExposure(b)) - exposureRank(pathExposure(a)) ||
      a.kind.localeCompare(b.kind) ||
      a.source.localeCompare(b.source),
  );
}

/** The flags a path raises, most alarming first; each a few words. */
export function pathFlags(path: InvocationPath): string[] {
  const flags = [REACH_FLAGS[path.reach]];
  if (path.auth === 'none') flags.push(':warning: *no auth*');
  else if (path.auth === 'api-key') flags.push(':warning: *API key only*');
  else if (path.auth) flags.push(`auth ${path.auth}`);
  if (path.validation === 'none') flags.push('no validation');
  if (path.waf === false && path.reach === 'public') flags.push('no WAF');
  if (path.tls === false) flags.push('plain HTTP');
  if (path.unverified.length) flags.push(`:warning: not read: ${path.unverified.map(escapeCode).join(', ')}`);
  return flags;
}

/** One path: `• REST API `arn…` (alias) · public · no auth · why`. */
export function pathLine(path: InvocationPath): string {
  const alias = path.qualifier ? ` alias \`${escapeCode(path.qualifier)}\`` : '';
  const why = path.why ? ` · _${escapeMrkdwn(truncate(path.why, 200))}_` : '';
  const open = isOpenPath(path) ? ':red_circle: ' : '';
  return `• ${open}*${KIND_LABELS[path.kind]}* \`${escapeCode(truncate(path.source, 300))}\`${alias} · ${pathFlags(path).join(' · ')}${why}`;
}
