/**
 * The import graph of src/ and commands/, read from the source text, against the layering in
 * DESIGN.md: data flows collect -> snapshot -> checks -> report -> render / store, and the
 * entry layers (the CLI, the demo, Slack) sit on top. Every failure names the offending import
 * as `importer -> imported`. (dependency-cruiser and madge cannot parse this TypeScript version,
 * hence a regex over import statements: the code base uses only static `import`/`export ... from`
 * and `import('...')` with string literals.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../src/paths.js';

const ROOT = packagePath();

/** The CLI and the demo: they may start the Slack bot, run verbs and show the digest. */
const ENTRY = ['src/main.ts', 'src/cli.ts', 'src/cli-help.ts', 'src/demo.ts'];

interface Graph {
  /** Repository-relative file -> the repository-relative files it imports. */
  local: Map<string, string[]>;
  /** Repository-relative file -> the packages it imports (`@aws-sdk/client-lambda`, `node:fs`). */
  packages: Map<string, string[]>;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const STATIC = /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of `source`, static, re-exported or dynamic, type-only ones included. */
function importsOf(source: string): string[] {
  return [...source.matchAll(STATIC), ...source.matchAll(DYNAMIC)].map((m) => m[1] as string);
}

function readGraph(): Graph {
  const local = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const file of [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'commands'))]) {
    const from = relative(ROOT, file);
    const specifiers = [...new Set(importsOf(readFileSync(file, 'utf8')))];
    local.set(
      from,
      specifiers
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(ROOT, resolve(dirname(file), s)).replace(/\.js$/, '.ts')),
    );
    packages.set(
      from,
      specifiers.filter((s) => !s.startsWith('.')),
    );
  }
  return { local, packages };
}

/** One cycle per strongly connected group of files, as `a -> b -> a`. */
function cycles(local: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of local.get(file) ?? []) {
      if (!local.has(next)) continue;
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...local.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

const graph = readGraph();
const edges = [...graph.local].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const within = (file: string, places: readonly string[]) =>
  places.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

/** Imports into `layer` from anywhere but `allowed`, as `importer -> imported`. */
function importsInto(layer: string, allowed: readonly string[]): string[] {
  return edges
    .filter(({ from, to }) => to.startsWith(layer) && !from.startsWith(layer) && !within(from, allowed))
    .map(({ from, to }) => `${from} -> ${to}`);
}

/** Files outside `allowed` importing a package whose name starts with `prefix`. */
function packageImports(prefix: string, allowed: readonly string[]): string[] {
  return [...graph.packages].flatMap(([from, names]) =>
    within(from, allowed) ? [] : names.filter((n) => n.startsWith(prefix)).map((n) => `${from} -> ${n}`),
  );
}

describe('the import graph of src/ and commands/', () => {
  it('reads the graph it checks: every relative import resolves to a file', () => {
    expect(graph.local.size).toBeGreaterThan(100);
    expect(
      edges.filter(({ to }) => !existsSync(join(ROOT, to))).map(({ from, to }) => `${from} -> ${to}`),
    ).toEqual([]);
  });

  it('reads multi-line, type-only, re-exported and dynamic imports', () => {
    const source = [
      "import type {\n  A,\n  B,\n} from './a.js';",
      "import * as c from './c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "const f = await import('./f.js');",
      "import './g.js';",
    ].join('\n');
    expect(importsOf(source).sort()).toEqual(['./a.js', './c.js', './d.js', './e.js', './f.js', './g.js']);
  });

  it('has no cycle', () => {
    expect(cycles(graph.local)).toEqual([]);
  });

  it('finds a cycle when there is one, and names its files', () => {
    const local = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(local)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
  });

  it('has nothing below slack/ import from it (only the CLI entry starts the bot)', () => {
    expect(importsInto('src/slack/', ENTRY)).toEqual([]);
  });

  it('has commands/ called only by Slack and the CLI entry', () => {
    expect(importsInto('commands/', ['src/slack/', ...ENTRY])).toEqual([]);
  });

  it('has schedule/ used only by Slack, the digest verb and the CLI entry', () => {
    expect(importsInto('src/schedule/', ['src/slack/', 'commands/', ...ENTRY])).toEqual([]);
  });

  it('keeps checks pure: no collector, AWS client, store, ticket, Slack or schedule import', () => {
    const io = ['src/collect/', 'src/aws/', 'src/store/', 'src/tickets/', 'src/slack/', 'src/schedule/'];
    const found = edges
      .filter(({ from, to }) => from.startsWith('src/checks/') && within(to, io))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(found).toEqual([]);
  });

  it('calls AWS only from collect/ and aws/ (type-only imports of the SDK included)', () => {
    expect(packageImports('@aws-sdk/', ['src/collect/', 'src/aws/'])).toEqual([]);
  });

  it('speaks Slack only from slack/, and Block Kit types only in render/ and schedule/', () => {
    expect(packageImports('@slack/', ['src/slack/', 'src/render/', 'src/schedule/'])).toEqual([]);
  });
});
