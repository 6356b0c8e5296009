/**
 * What the App Home shows, read from the store: the last scan, its functions with open findings,
 * the open findings that name a way in from the internet (by their check's category), the
 * snoozed and accepted ones, and the scan's gaps. Without a store: an empty page that says so.
 */
import { checks } from '../checks/index.js';
import { severityRank } from '../model.js';
import type { HomeData, HomeFunction } from '../render/home-blocks.js';
import type { Store } from '../store/store.js';

const INTERNET_CHECKS = new Set(
  checks.filter((c) => c.categories.includes('internet-exposed')).map((c) => c.id),
);

export async function homeData(store: Store | undefined): Promise<HomeData> {
  if (!store) return { scan: null, functions: [], internet: [], decided: [], gaps: [] };
  const scan = await store.latestScan();
  const [open, decided, gaps] = await Promise.all([
    store.findings({ states: ['open'] }),
    store.findings({ states: ['snoozed', 'accepted'] }),
    scan ? store.scanGaps(scan.id) : Promise.resolve([]),
  ]);
  // What the last scan saw: an older open finding of a function no longer scanned is not news.
  const current = scan ? open.filter((f) => f.lastScanId === scan.id) : open;
  const functions = new Map<string, HomeFunction>();
  for (const finding of current) {
    for (const fn of finding.functions) {
      const entry = functions.get(fn.functionArn) ?? {
        name: fn.functionName,
        arn: fn.functionArn,
        region: fn.region,
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      };
      entry.counts[finding.severity] += 1;
      functions.set(fn.functionArn, entry);
    }
  }
  const internet = current
    .filter((f) => INTERNET_CHECKS.has(f.check))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.check.localeCompare(b.check));
  return { scan, functions: [...functions.values()], internet, decided, gaps };
}
