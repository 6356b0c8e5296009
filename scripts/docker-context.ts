/**
 * The Docker build context of this repository without a Docker engine: the files `docker build .`
 * would send, read through .dockerignore as Docker reads it (moby's patternmatcher: patterns
 * anchored at the context's root, so `*.db` is only the root's and `**` /`*.db` every folder's;
 * a pattern also matching a file's parent folder; the last matching pattern deciding, `!`
 * bringing files back). Used by scripts/docker-dry-run.ts and test/scripts/docker-context.test.ts.
 * Run: npx tsx scripts/docker-context.ts  (prints the file count, the size and the largest files)
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Pattern {
  exclusion: boolean;
  /** The pattern as written, cleaned (no leading `/` or `./`, no trailing `/`). */
  text: string;
  regex: RegExp;
}

/** A .dockerignore pattern as moby compiles it: `**` any folders, `*` and `?` within one name. */
function compile(text: string): RegExp {
  let source = '^';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '*' && text[i + 1] === '*') {
      i++;
      if (text[i + 1] === '/') i++;
      source += i + 1 >= text.length ? '.*' : '(.*/)?';
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < text.length) source += `\\${text[++i]}`;
    else if ('.$^+()|{}'.includes(ch)) source += `\\${ch}`;
    else source += ch;
  }
  return new RegExp(`${source}$`);
}

/** The patterns of a .dockerignore text, in order (comments and blank lines dropped). */
export function parseDockerignore(text: string): Pattern[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclusion = line.startsWith('!');
      const cleaned = (exclusion ? line.slice(1).trim() : line)
        .replace(/^(\.?\/)+/, '')
        .replace(/\/+$/, '')
        .replace(/\/\.\//g, '/');
      return { exclusion, text: cleaned, regex: compile(cleaned) };
    });
}

/** Whether `path` (relative, `/`-separated) is left out of the context by `patterns`. */
export function isIgnored(patterns: readonly Pattern[], path: string): boolean {
  const parts = path.split('/');
  const parents = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    // An inclusion cannot change an ignored file, nor an exclusion a kept one.
    if (pattern.exclusion !== ignored) continue;
    if (pattern.regex.test(path) || parents.some((p) => pattern.regex.test(p))) ignored = !pattern.exclusion;
  }
  return ignored;
}

export interface ContextFile {
  path: string;
  bytes: number;
}

/** Every file `docker build` would send from `root`, with its size. Links count as their own size. */
export function buildContext(root: string): ContextFile[] {
  const patterns = parseDockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));
  // A folder that is ignored is still walked when an exception could bring part of it back.
  const mayReturn = (dir: string) =>
    patterns.some((p) => p.exclusion && (p.text.startsWith(`${dir}/`) || p.text.startsWith('**')));
  const files: ContextFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!isIgnored(patterns, path) || mayReturn(path)) walk(path);
      } else if (!isIgnored(patterns, path)) {
        files.push({ path, bytes: lstatSync(join(root, path)).size });
      }
    }
  };
  walk('');
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The context paths each `COPY` from the build context (not `--from` a stage) of a Dockerfile names. */
export function copySources(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .flatMap((line) => {
      const words = line
        .split(/\s+/)
        .slice(1)
        .filter((w) => !w.startsWith('--'));
      return words.slice(0, -1).map((w) => w.replace(/^\.\//, '').replace(/\/$/, ''));
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.cwd();
  const files = buildContext(root);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  process.stdout.write(
    `${files.length} files, ${(total / 1024 / 1024).toFixed(2)} MiB in the build context\n`,
  );
  for (const f of [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 10))
    process.stdout.write(`  ${(f.bytes / 1024).toFixed(0).padStart(7)} KiB  ${f.path}\n`);
}
