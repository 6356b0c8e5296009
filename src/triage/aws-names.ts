/**
 * Recognising AWS identifiers in free text: region codes and CloudWatch's long region names,
 * Lambda function ARNs and names, account ids, and the timestamps alarms carry.
 */
import { parseArn } from '../arn.js';

/**
 * CloudWatch's SNS notification gives `Region` as a long name ("EU (Frankfurt)"); older
 * notifications used "EU - Ireland" / "US - N. Virginia". Keys are normalised by `regionKey`.
 */
const LONG_NAMES: Record<string, string> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'US - N. Virginia': 'us-east-1',
  'US - Ohio': 'us-east-2',
  'US - N. California': 'us-west-1',
  'US - Oregon': 'us-west-2',
  'Africa (Cape Town)': 'af-south-1',
  'Asia Pacific (Hong Kong)': 'ap-east-1',
  'Asia Pacific (Taipei)': 'ap-east-2',
  'Asia Pacific (Hyderabad)': 'ap-south-2',
  'Asia Pacific (Jakarta)': 'ap-southeast-3',
  'Asia Pacific (Malaysia)': 'ap-southeast-5',
  'Asia Pacific (Melbourne)': 'ap-southeast-4',
  'Asia Pacific (Mumbai)': 'ap-south-1',
  'Asia Pacific (New Zealand)': 'ap-southeast-6',
  'Asia Pacific (Osaka)': 'ap-northeast-3',
  'Asia Pacific (Seoul)': 'ap-northeast-2',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Thailand)': 'ap-southeast-7',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Canada (Central)': 'ca-central-1',
  'Canada West (Calgary)': 'ca-west-1',
  'EU (Frankfurt)': 'eu-central-1',
  'EU (Ireland)': 'eu-west-1',
  'EU (London)': 'eu-west-2',
  'EU (Milan)': 'eu-south-1',
  'EU (Paris)': 'eu-west-3',
  'EU (Spain)': 'eu-south-2',
  'EU (Stockholm)': 'eu-north-1',
  'EU (Zurich)': 'eu-central-2',
  'Israel (Tel Aviv)': 'il-central-1',
  'Mexico (Central)': 'mx-central-1',
  'Middle East (Bahrain)': 'me-south-1',
  'Middle East (UAE)': 'me-central-1',
  'South America (Sao Paulo)': 'sa-east-1',
  'AWS GovCloud (US-East)': 'us-gov-east-1',
  'AWS GovCloud (US-West)': 'us-gov-west-1',
  'AWS GovCloud (US)': 'us-gov-west-1',
  'China (Beijing)': 'cn-north-1',
  'China (Ningxia)': 'cn-northwest-1',
};

/** "Europe (Frankfurt)", "EU - Frankfurt" and "eu frankfurt" all become "eufrankfurt". */
function regionKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^europe\b/, 'eu')
    .replace(/[^a-z0-9]/g, '');
}

const BY_KEY = new Map(Object.entries(LONG_NAMES).map(([name, code]) => [regionKey(name), code]));

export const REGION_CODE = /\b(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\b/;

/** A region code from a code or a long name; null when it is neither. */
export function regionFromName(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  if (new RegExp(`^${REGION_CODE.source}$`).test(trimmed)) return trimmed;
  return BY_KEY.get(regionKey(trimmed)) ?? null;
}

export const ACCOUNT_ID = /^\d{12}$/;

/** Function names are 1-64 of [A-Za-z0-9_-] (Lambda's CreateFunction constraint). */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const LAMBDA_ARN =
  /\barn:(aws[a-z-]*):lambda:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9_$-]{1,128})?(?![A-Za-z0-9_-])/;

export interface LambdaArn {
  /** Unqualified: an alias or version suffix is dropped, the audit is of the function. */
  arn: string;
  region: string;
  accountId: string;
  functionName: string;
}

/** The first Lambda function ARN in a text, or null. */
export function findLambdaArn(text: string): LambdaArn | null {
  const m = LAMBDA_ARN.exec(text);
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return null;
  return {
    arn: `arn:${m[1]}:lambda:${m[2]}:${m[3]}:function:${m[4]}`,
    region: m[2],
    accountId: m[3],
    functionName: m[4],
  };
}

/** Region and account of any ARN (`arn:aws:cloudwatch:eu-central-1:123456789012:alarm:x`). */
export function arnParts(arn: unknown): { region: string | null; accountId: string | null } {
  if (typeof arn !== 'string') return { region: null, accountId: null };
  const { region, account } = parseArn(arn) ?? {};
  return {
    region: region && REGION_CODE.test(region) ? region : null,
    accountId: account && ACCOUNT_ID.test(account) ? account : null,
  };
}

/**
 * An alarm timestamp as ISO 8601. CloudWatch writes `2024-05-01T12:00:00.000+0000`; JSON events
 * use `...Z`; Slack uses epoch seconds. Null when it is none of those.
 */
export function toIso(value: unknown): string | null {
  let ms: number;
  if (typeof value === 'number') ms = value > 1e11 ? value : value * 1000;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) ms = Number(value) * 1000;
  else if (typeof value === 'string') ms = Date.parse(value.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  else return null;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
