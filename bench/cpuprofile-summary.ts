/**
 * Where a V8 CPU profile's time went (the .cpuprofile files `node --cpu-prof` writes, as
 * bench/org-scan.ts does with ORG_SCAN_PROFILE=1): self time by package and by function, and
 * total (inclusive) time by function, each counted once per stack even when recursive.
 *
 *   npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top=25] [match]
 *
 * `match` limits the inclusive table to functions whose place contains it (e.g. `src/` for ours).
 * Packages: node_modules' package (@scope/name), `ours` for src/, `node` for Node's internals, and
 * V8's pseudo frames ((garbage collector), (program), (idle)) as they are.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, match] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top] [match]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** The package a frame's script belongs to. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : 'native';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, pkg] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${pkg}` : (scope ?? url);
  }
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/src/')) return 'ours';
  if (url.includes('/test/')) return 'test';
  return url;
}

/** A function's name and place, short enough to read. */
function placeOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const modules = url.lastIndexOf('node_modules/');
  const src = url.lastIndexOf('/src/');
  const short = modules >= 0 ? url.slice(modules + 13) : src >= 0 ? url.slice(src + 1) : url;
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const selfByPackage = new Map<string, number>();
const selfByPlace = new Map<string, number>();
const inclusiveByPlace = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id) as ProfileNode;
  const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + us);
  selfByPlace.set(placeOf(node), (selfByPlace.get(placeOf(node)) ?? 0) + us);
  // Every function on the stack once, however often it recurs.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const place = placeOf(byId.get(at) as ProfileNode);
    if (seen.has(place)) continue;
    seen.add(place);
    inclusiveByPlace.set(place, (inclusiveByPlace.get(place) ?? 0) + us);
  }
}

function table(title: string, rows: Map<string, number>, keep: (key: string) => boolean = () => true): void {
  console.log(`\n${title}`);
  const sorted = [...rows].filter(([key]) => keep(key)).sort((a, b) => b[1] - a[1]);
  for (const [key, us] of sorted.slice(0, top)) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
}

console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${profile.samples.length} samples`);
table('self time by package', selfByPackage);
table('self time by function', selfByPlace);
table(
  `total time by function${match ? ` (${match})` : ''}`,
  inclusiveByPlace,
  (key) => !match || key.includes(match),
);
