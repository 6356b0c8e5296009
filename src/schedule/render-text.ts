/**
 * The digest for a terminal (`lambda-audit digest --dry-run`, the demo), in the channel
 * message's order: new ways in from the internet, what was fixed, the counts, the account and
 * region findings once each, what could not be checked (once per failed read), the rest.
 */
import { countBySeverity } from '../model.js';
import { plainCounts } from '../render/block-parts.js';
import { stripControl as clean, truncate } from '../render/escape.js';
import { type Digest, type DigestFinding, type GapGroup, gapsByRead, hasBlindSpots } from './digest.js';
import { byCheck, groupByFunction, plural, reconciliationText } from './render-lines.js';

function textFinding(f: DigestFinding): string {
  const more = f.functions > 1 ? ` (+${f.functions - 1} more)` : '';
  // Names and reasons come from AWS: no terminal control sequences get through.
  return clean(`  ${f.severity.padEnd(8)} ${f.check} on ${f.functionName}${more} (${f.region}): ${f.title}`);
}

function textOpenPath(f: DigestFinding): string {
  return clean(`  ${f.severity.padEnd(8)} ${f.functionName} (${f.region}): ${f.detail} [${f.check}]`);
}

function textAccount(f: DigestFinding, fixed = false): string {
  const what = fixed ? 'fixed   ' : f.severity.padEnd(8);
  return clean(`  ${what} account ${f.accountId} ${f.region}: ${f.title} [${f.check}]`);
}

function textGap(g: GapGroup): string {
  const where = `${g.region}${g.accountId ? ` (${g.accountId})` : ''}`;
  if (g.kind === 'failed') {
    const what = g.functions.includes('*')
      ? `every function in ${where}`
      : `${g.functions.join(', ')} in ${where}`;
    return clean(`  could not read ${what}: ${g.reason}`);
  }
  const scope = [
    ...(g.account ? ['the account and region'] : []),
    ...(g.functions.length ? [`${plural(g.functions.length, 'function')}: ${g.functions.join(', ')}`] : []),
  ].join('; ');
  return clean(
    `  ${g.api ?? 'unknown API'} in ${where}, ${g.area ?? ''} unverified for ${scope}: ${g.reason}`,
  );
}

/** A finding's detail is cut here: the start names the thing (variable, route, role); the CLI's JSON has it whole. */
const DETAIL_MAX = 300;

/** New findings per function, then per check, each finding's detail naming what it is about. */
function textFunctionGroups(findings: readonly DigestFinding[]): string[] {
  const lines: string[] = [];
  for (const group of groupByFunction(findings)) {
    lines.push(
      `  ${group.functionName} (${group.region}, ${group.accountId}): ${plainCounts(countBySeverity(group.findings))}`,
    );
    for (const [check, list] of byCheck(group.findings)) {
      const first = list[0] as DigestFinding;
      const others = (f: DigestFinding) => f.on.slice(1).map((o) => o.functionName);
      const also = (f: DigestFinding) => (f.on.length > 1 ? ` (also on ${others(f).join(', ')})` : '');
      if (list.length === 1)
        lines.push(
          `    ${first.severity.padEnd(8)} ${check}: ${truncate(first.detail, DETAIL_MAX)}${also(first)}`,
        );
      else {
        lines.push(`    ${first.severity.padEnd(8)} ${check} ×${list.length}: ${first.title}`);
        for (const f of list) lines.push(`      - ${truncate(f.detail, DETAIL_MAX)}${also(f)}`);
      }
    }
  }
  // Names and details come from AWS: no terminal control sequences get through.
  return lines.map((line) => clean(line));
}

/** Up to `limit` lines of a list, then how many more there are. */
function listed<T>(items: readonly T[], line: (item: T) => string, limit: number): string[] {
  const shown = items.slice(0, limit).map(line);
  return items.length > limit ? [...shown, `  … and ${items.length - limit} more`] : shown;
}

function blindSpotLines(digest: Digest): string[] {
  const out = ['NOT EVERYTHING COULD BE CHECKED'];
  if (digest.scanError)
    out.push(clean(`  the scan failed: ${digest.scanError} (figures from the previous scan)`));
  if (!digest.scan) out.push('  no scan has completed yet');
  const reads = gapsByRead([...digest.failed, ...digest.unverified]);
  if (reads.length)
    out.push('Failed reads (findings there may be missing; none marked fixed):', ...reads.map(textGap));
  return [...out, ''];
}

/** The digest for a terminal; `listLimit` shortens its lists (the demo), the CLI shows them whole. */
export function renderDigestText(digest: Digest, options: { listLimit?: number } = {}): string {
  const limit = options.listLimit ?? Number.POSITIVE_INFINITY;
  const out: string[] = [`Lambda audit digest · ${digest.generatedAt.slice(0, 10)}`, ''];
  const stale = digest.scanError !== null || digest.scan === null;
  if (stale) out.push(...blindSpotLines(digest));
  const paths = digest.newFindings.filter((f) => f.openPath);
  const first = digest.sinceScanId === null ? ' (first digest)' : '';
  out.push(`New and open to the internet${first}: ${paths.length}`, ...listed(paths, textOpenPath, limit));
  if (digest.sinceScanId !== null) {
    out.push(
      '',
      `Fixed since the last digest: ${digest.fixedFindings.length}`,
      ...listed(digest.fixedFindings, textFinding, limit),
    );
  }
  out.push(
    '',
    `Open: ${plainCounts(digest.totals)} · ${digest.snoozed} snoozed · ${digest.accepted} accepted`,
  );
  const why = reconciliationText(digest.counted);
  if (why) out.push(why);
  if (digest.scan)
    out.push(
      `Scan #${digest.scan.id}: ${plural(digest.scan.functions, 'function')} in ${digest.scan.regions.join(', ')}`,
    );
  if (digest.accountFindings.length || digest.fixedAccountFindings.length) {
    out.push(
      '',
      'Account and region:',
      ...digest.accountFindings.map((f) => textAccount(f)),
      ...digest.fixedAccountFindings.map((f) => textAccount(f, true)),
    );
  }
  if (!stale && hasBlindSpots(digest)) out.push('', ...blindSpotLines(digest).slice(0, -1));
  const others = digest.newFindings.filter((f) => !f.openPath);
  const since = digest.sinceScanId === null ? 'Other open findings (first digest)' : 'Other new findings';
  out.push('', `${since}: ${others.length}`, ...listed(textFunctionGroups(others), (line) => line, limit));
  if (digest.riskiest.length) {
    out.push('', 'Riskiest functions:');
    for (const fn of digest.riskiest)
      out.push(clean(`  ${fn.functionName} (${fn.region}, ${fn.accountId}): ${plainCounts(fn.counts)}`));
  }
  return out.join('\n');
}
