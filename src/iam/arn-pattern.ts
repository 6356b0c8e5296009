/**
 * Resource patterns matched field by field, as IAM does (checks.md, "Role analysis works per
 * resource type and per ARN field"): partition, service, region, account, and the resource part
 * (everything after the fifth colon, where `*` may span `/` and `:`). A `*` ending a pattern that
 * has fewer fields stands for the missing ones (IAM lets a final `*` expand past colons).
 *
 * Policy variables: `${aws:username}` matches nothing for a role session (roles have no user
 * name); any other variable is one unknown value, so a pattern with one *may* match any value of
 * that field (it is kept as `*` in `fields`) but never surely covers anything (`variable`).
 */
import { globIntersects, globMatch, globSubset, SEGMENT } from './glob.js';

/**
 * The partition and account that fix those fields of an ARN: resources.ts's EngineContext,
 * restated here (structurally the same) so that resources.ts -> arn-pattern.ts stays one-way.
 */
interface ArnContext {
  partition: string;
  accountId: string;
}

export interface ArnPattern {
  /** As written in the policy (or the catalog's ARN format). */
  text: string;
  /** partition, service, region, account, resource; variables replaced by `*`. */
  fields: readonly [string, string, string, string, string];
  /** Contains a policy variable: one unknown value, so it never surely covers anything. */
  variable: boolean;
}

type Fields = ArnPattern['fields'];
const STAR_FIELDS: Fields = ['*', '*', '*', '*', '*'];
const USERNAME = /\$\{aws:username\}/i;
const VARIABLE = /\$\{[^}]*\}/g;

function split(text: string): Fields | null {
  if (/^\*+$/.test(text)) return STAR_FIELDS;
  const parts = text.split(':');
  if (!globMatch(parts[0] ?? '', 'arn')) return null;
  if (parts.length >= 6) {
    return [parts[1]!, parts[2]!, parts[3]!, parts[4]!, parts.slice(5).join(':')];
  }
  // `arn:aws:s3*`: only a trailing `*` may stand for the fields that are not written.
  if (!text.endsWith('*')) return null;
  const given = parts.slice(1);
  return [0, 1, 2, 3, 4].map((i) => given[i] ?? '*') as unknown as Fields;
}

const parsed = new Map<string, ArnPattern | null>();

/** A policy's resource pattern, or null when it can match nothing (malformed, `${aws:username}`). */
export function parseResource(text: string): ArnPattern | null {
  if (parsed.has(text)) return parsed.get(text)!;
  let result: ArnPattern | null = null;
  if (!USERNAME.test(text)) {
    const variable = text.includes('${');
    const fields = split(variable ? text.replace(VARIABLE, '*') : text);
    result = fields ? { text, fields, variable } : null;
  }
  // Patterns come from a bounded set of documents; the cap only guards odd inputs.
  if (parsed.size > 50_000) parsed.clear();
  parsed.set(text, result);
  return result;
}

/** Catalog names that can never contain `/` (so `bucket/*` is an object pattern, not a bucket one). */
const NO_SLASH = new Set(['BucketName', 'TableName', 'FunctionName']);
const formats = new Map<string, ArnPattern>();

/**
 * A catalog ARN format as a pattern of every resource of its type: `arn:${Partition}:s3:::${BucketName}`
 * becomes `[*, s3, '', '', <no-slash run>]`. An unknown format (`*`) covers everything.
 */
export function typePattern(arnFormat: string): ArnPattern {
  let p = formats.get(arnFormat);
  if (!p) {
    const text = arnFormat.replace(/\$\{([^}]*)\}/g, (_, name: string) =>
      NO_SLASH.has(name) ? SEGMENT : '*',
    );
    p = { text: arnFormat, fields: split(text) ?? STAR_FIELDS, variable: false };
    formats.set(arnFormat, p);
  }
  return p;
}

/** Every resource of the type in the role's own partition and account, any region. */
export function typeHere(type: ArnPattern, ctx: ArnContext): ArnPattern {
  const [partition, service, region, account, resource] = type.fields;
  return {
    text: type.text,
    fields: [
      partition === '*' ? ctx.partition : partition,
      service,
      region,
      account === '*' ? ctx.accountId : account,
      resource,
    ],
    variable: false,
  };
}

/** Can some resource match both patterns? */
export function intersects(a: ArnPattern, b: ArnPattern): boolean {
  return a.fields.every((f, i) => globIntersects(f, b.fields[i]!));
}

/** Is every resource `inner` may name also named by `outer`? Sound: never true by mistake. */
export function subset(inner: ArnPattern, outer: ArnPattern): boolean {
  if (outer.variable) return false;
  return inner.fields.every((f, i) => globSubset(f, outer.fields[i]!));
}

/** The part of `a` inside `b`, field by field; where neither contains the other, `a`'s field (wider, so cautious). */
export function meet(a: ArnPattern, b: ArnPattern): ArnPattern {
  const fields = a.fields.map((f, i) => {
    const g = b.fields[i]!;
    return globSubset(g, f) && !globSubset(f, g) ? g : f;
  }) as unknown as Fields;
  return { text: a.text, fields, variable: a.variable };
}

/** Does the pattern match the concrete ARN? A variable matches (it may take that value). */
export function matchesArn(p: ArnPattern, arn: string): boolean {
  const fields = split(arn);
  return fields !== null && p.fields.every((f, i) => globMatch(f, fields[i]!));
}

/** Does the pattern name more than one resource (a name the attacker can still pick)? */
export function hasFreeName(p: ArnPattern): boolean {
  const name = p.fields[4];
  return name.includes('*') || name.includes('?') || name.includes(SEGMENT);
}

/** The pattern narrowed to the role's partition and account, or null when it names neither. */
export function inAccount(p: ArnPattern, ctx: ArnContext): ArnPattern | null {
  const [partition, service, region, account, resource] = p.fields;
  if (!globMatch(partition, ctx.partition)) return null;
  const acct = globMatch(account, ctx.accountId) ? ctx.accountId : globMatch(account, '') ? '' : null;
  if (acct === null) return null;
  return { text: p.text, fields: [ctx.partition, service, region, acct, resource], variable: p.variable };
}
