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

/** The 12-digit account a value names: an account id itself, or an ARN's account field; else null. */
export function accountIdOf(value: string): string | null {
  if (/^\d{12}$/.test(value)) return value;
  const account = parseArn(value)?.account ?? '';
  return /^\d{12}$/.test(account) ? account : null;
}

/** A Lambda function ARN, `arn:aws:lambda:region:account:function:name[:qualifier]`. */
export interface FunctionArn extends Arn {
  name: string;
  /** The alias or version; null for the unqualified function. */
  qualifier: string | null;
}

/** The parts of a Lambda function ARN, or null when `value` is not one. */
export function parseFunctionArn(value: string): FunctionArn | null {
  const arn = parseArn(value);
  if (arn?.service !== 'lambda') return null;
  const [type, name, qualifier] = arn.resource.split(':');
  if (type !== 'function' || !name) return null;
  return { ...arn, name, qualifier: qualifier ?? null };
}

/** The function's ARN without its alias or version; anything else unchanged. */
export function unqualifiedFunctionArn(value: string): string {
  const fn = parseFunctionArn(value);
  return fn ? `arn:${fn.partition}:lambda:${fn.region}:${fn.account}:function:${fn.name}` : value;
}
