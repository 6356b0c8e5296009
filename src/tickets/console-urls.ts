/**
 * Links into the AWS console. The Lambda console is regional (its hash route only shows
 * functions of the region in the host and query); IAM is global. Other partitions have their own
 * console hosts, so an ARN from China or GovCloud still gets a link that opens.
 */
import { parseArn } from '../arn.js';

interface ConsoleHost {
  /** Host for a regional service console, e.g. `us-east-1.console.aws.amazon.com`. */
  regional(region: string): string;
  /** Host for global services (IAM). */
  global: string;
}

const HOSTS: Record<string, ConsoleHost> = {
  aws: { regional: (r) => `${r}.console.aws.amazon.com`, global: 'console.aws.amazon.com' },
  'aws-cn': { regional: (r) => `${r}.console.amazonaws.cn`, global: 'console.amazonaws.cn' },
  'aws-us-gov': { regional: () => 'console.amazonaws-us-gov.com', global: 'console.amazonaws-us-gov.com' },
};

/** `aws`, `aws-cn`, `aws-us-gov` from an ARN; the commercial partition when unknown. */
export function partitionOf(arn: string): string {
  const partition = parseArn(arn)?.partition ?? '';
  return partition in HOSTS ? partition : 'aws';
}

function hostsFor(arn: string): ConsoleHost {
  return HOSTS[partitionOf(arn)] ?? (HOSTS.aws as ConsoleHost);
}

/** The role's name: the last path segment of `arn:aws:iam::123456789012:role/path/name`. */
export function roleNameFromArn(roleArn: string): string | null {
  const match = /^arn:[a-z-]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return match?.[1] ?? null;
}

/** `https://<region>.console.aws.amazon.com/lambda/home?region=<region>#/functions/<name>` */
export function functionConsoleUrl(fn: { name: string; region: string; arn: string }): string {
  const region = encodeURIComponent(fn.region);
  const host = hostsFor(fn.arn).regional(region);
  return `https://${host}/lambda/home?region=${region}#/functions/${encodeURIComponent(fn.name)}`;
}

/** `https://console.aws.amazon.com/iam/home#/roles/details/<roleName>`, or null for a non-role ARN. */
export function roleConsoleUrl(roleArn: string): string | null {
  const name = roleNameFromArn(roleArn);
  if (!name) return null;
  return `https://${hostsFor(roleArn).global}/iam/home#/roles/details/${encodeURIComponent(name)}`;
}
