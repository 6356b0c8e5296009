/**
 * Findings about an account and region rather than a function, for a terminal: shown once, in
 * an audit below its function's findings and in a scan below the functions.
 */
import type { AccountSection } from '../model.js';
import { sortFindings } from './json.js';
import { type Painter, severityLabel, stripControl, wrap } from './terminal.js';

export function accountLines(sections: readonly AccountSection[], width: number, p: Painter): string[] {
  if (sections.length === 0) return [];
  const lines = ['', p.paint('Account and region (once for every function there)', 'bold')];
  for (const section of sections) {
    const where = `${stripControl(section.accountId)} ${stripControl(section.region)}`;
    const findings = sortFindings(section.findings);
    if (findings.length === 0) {
      lines.push(
        section.unverified.length === 0
          ? `  ${where}: no finding`
          : p.paint(
              `  ${where}: not fully read (${section.unverified.map((g) => g.api).join(', ')})`,
              'warn',
            ),
      );
      continue;
    }
    for (const f of findings) {
      lines.push(
        `  ${where}: ${severityLabel(f.severity, p)} ${p.paint(stripControl(f.check), 'bold')}  ${stripControl(f.title)}`,
      );
      lines.push(...wrap(stripControl(f.detail), width, 4));
      lines.push(...wrap(`Fix: ${stripControl(f.remediation)}`, width, 4));
    }
  }
  return lines;
}
