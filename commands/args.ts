import { parseArgs } from 'node:util';
import type { Engine, FunctionRef } from '../src/engine-contract.js';
import { UsageError } from '../src/errors.js';

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
// Lambda's own FunctionName pattern, without the qualifier (we audit every alias anyway).
const FUNCTION =
  /^(?:arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):function:|(\d{12}):function:)?([a-zA-Z0-9_.-]{1,64})$/;

/** Parses flags strictly: an unknown flag is a usage error that names it. */
export function parseFlags<
  const Options extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
>(args: readonly string[], options: Options, usage: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message}. Usage: ${usage}`);
  }
}

/** Checks a region's form and that the operator configured it. */
export function checkRegion(region: string, engine: Engine): string {
  if (!REGION.test(region)) throw new UsageError(`'${region}' is not an AWS region (e.g. eu-central-1)`);
  if (engine.regions.length > 0 && !engine.regions.includes(region)) {
    throw new UsageError(
      `region ${region} is not configured; configured: ${engine.regions.join(', ')} (AUDIT_REGIONS)`,
    );
  }
  return region;
}

/** True when the word has the form of a function name or ARN (without a qualifier). */
export function isFunctionName(word: string): boolean {
  return word.length <= 170 && FUNCTION.test(word);
}

/** Turns `<function> [--region R]` into a FunctionRef, with errors that say what to type. */
export function functionRef(
  positionals: readonly string[],
  region: string | undefined,
  engine: Engine,
  usage: string,
): FunctionRef {
  const [given, ...extra] = positionals;
  if (!given) throw new UsageError(`name a function. Usage: ${usage}`);
  if (extra.length > 0)
    throw new UsageError(`one function at a time; unexpected '${extra.join(' ')}'. Usage: ${usage}`);
  if (given.length > 170)
    throw new UsageError('that function name is longer than Lambda allows (64 characters, 170 for an ARN)');
  const match = FUNCTION.exec(given);
  if (!match) {
    if (/^arn:.*:function:[^:]+:[^:]+$/.test(given) || /^[\w.-]+:[\w$-]+$/.test(given)) {
      throw new UsageError(
        'give the function without a version or alias: lambda-audit reads every alias of it',
      );
    }
    throw new UsageError(
      `'${given.slice(0, 80)}' is not a Lambda function name or ARN (letters, digits, -, _ and . up to 64 characters)`,
    );
  }
  const arnRegion = match[1];
  if (arnRegion && region && region !== arnRegion) {
    throw new UsageError(`the ARN is in ${arnRegion} but --region says ${region}`);
  }
  // An ARN names its region: it need not be one of the configured ones (those are what scans cover).
  if (arnRegion) return { function: given, region: arnRegion };
  const chosen = region ?? engine.regions[0];
  if (!chosen) throw new UsageError('no region: pass --region or set AWS_REGION / AUDIT_REGIONS');
  return { function: given, region: checkRegion(chosen, engine) };
}

/** The arguments of a verb about one function: the function, and `--region`. */
export function parseFunctionArgs(args: readonly string[], engine: Engine, usage: string): FunctionRef {
  const { values, positionals } = parseFlags(args, { region: { type: 'string' } }, usage);
  return functionRef(positionals, values.region, engine, usage);
}

/** `30m`, `1h`, `7d` -> milliseconds (at most 14 days, what one search can sensibly cover). */
export function parseDuration(text: string): number {
  const match = /^(\d{1,4})(m|h|d)$/.exec(text.trim());
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  if (!match) throw new UsageError(`'${text}' is not a duration; use e.g. 30m, 1h or 2d`);
  const ms = Number(match[1]) * unit[match[2] as keyof typeof unit];
  if (ms <= 0 || ms > 14 * unit.d) throw new UsageError('--since must be between 1m and 14d');
  return ms;
}
