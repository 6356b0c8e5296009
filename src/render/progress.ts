/** A scan's progress in one line, for stderr: what is done of what, and the unit holding it up. */
import type { UnitProgress } from '../scan-units.js';
import { stripControl } from './terminal.js';

export function progressLine(units: UnitProgress | null, functions: { done: number; total: number }): string {
  const parts: string[] = [];
  if (units) {
    parts.push(`accounts ${units.accounts.done}/${units.accounts.total}`);
    parts.push(`account-regions ${units.units.done}/${units.units.total}`);
  }
  parts.push(`functions ${functions.done}/${functions.total}`);
  const slowest = units?.slowest;
  const tail = slowest ? `; slowest ${stripControl(slowest.unit)} ${Math.round(slowest.ms / 1000)} s` : '';
  return `scanning: ${parts.join(', ')}${tail}`;
}
