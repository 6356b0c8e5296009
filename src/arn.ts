/**
 * ARNs, read in one place: `arn:partition:service:region:account:resource`, where the resource
 * may itself hold colons (`function:name:alias`) or slashes (`role/path/name`).
 */
export interface Arn {
  partition: string;
  service: string;
  /** Empty for global services (IAM, S3 buckets). */
  region: string;
  /** Empty where the ARN names none (S3 buckets, AWS managed policies use `aws`). */
  account: string;
  resource: string;
}

/** The parts of an ARN, or null when `value` is not one. */
export function parseArn(value: string): Arn | null {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  const [, partition = '', service = '', region = '', account = '', ...resource] = parts;
  return { partition, service, region, account, resource: resource.join(':') };
}
