/**
 * The check catalog as a Markdown document, generated from the registry (the one source of truth
 * for ids, severities, categories and required actions): `npm run catalog` writes docs/checks.md,
 * and a test fails when that file is stale.
 */
import type { Check } from '../checks/check.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const codes = (items: readonly string[]) => items.map((item) => `\`${item}\``).join(', ');

export function catalogMarkdown(checks: readonly Check[]): string {
  const rows = checks.map((c) =>
    [`\`${c.id}\``, c.severity, cell(c.title), codes(c.categories), codes(c.actions), codes(c.requires)].join(
      ' | ',
    ),
  );
  return [
    '# Checks',
    '',
    '<!-- Generated from src/checks/index.ts by `npm run catalog`; do not edit by hand. -->',
    '',
    `lambda-audit runs ${checks.length} checks on each function. The severity is the default`,
    '(some checks raise or lower it with context, and `CHECK_SEVERITY` can override it); the',
    'categories say what a finding is about (see `CATEGORIES` in src/model.ts); the actions are',
    "the AWS calls the check's data comes from (iam/bot-policy.json grants their union); a check",
    'whose data could not be read does not run, and the gap is listed as unverified.',
    '',
    '| id | severity | title | categories | AWS actions | data |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}
