/**
 * The Dockerfile run by hand, for machines with no Docker engine: a clean clone of HEAD, its build
 * context read through .dockerignore (scripts/docker-context.ts), then each stage's WORKDIR, ENV,
 * COPY and RUN carried out in a folder of its own standing for the stage's filesystem, and the
 * last stage's ENTRYPOINT run with `demo` and `--help`. What the host cannot stand in for is said
 * and skipped: apt-get (the host's python3, make and g++ serve), chown to the image's user, USER,
 * VOLUME, EXPOSE and HEALTHCHECK; the base image's Node is the host's, and its headers folder
 * (npm_config_nodedir) the host's. Needs the npm registry (npm ci): not part of `npm test`.
 * Run: bash scripts/docker-dry-run.sh
 */
import { execFileSync, execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildContext } from './docker-context.js';

interface Stage {
  name: string;
  /** The folder standing for the stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
}

const say = (line: string) => process.stdout.write(`docker-dry-run: ${line}\n`);
const repo = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'docker-dry-run-'));
const keep = process.argv.includes('--keep');

/** Logical continuation lines joined, comments and blank lines dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** An absolute path of the image, inside the folder standing for `stage`'s filesystem. */
const inStage = (stage: Stage, path: string) =>
  join(stage.root, path.startsWith('/') ? path : join(stage.workdir, path));

/** Image paths in a command or a value (`/app/...`) moved into the stage's folder. */
const relocate = (stage: Stage, text: string) =>
  text.replace(/(^|[\s=:'"])\/app\b/g, (_m, before: string) => `${before}${join(stage.root, 'app')}`);

function run() {
  execFileSync('git', ['clone', '--quiet', '--no-local', repo, join(work, 'clone')]);
  execFileSync('git', [
    '-C',
    join(work, 'clone'),
    'checkout',
    '--quiet',
    execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim(),
  ]);
  const clone = join(work, 'clone');
  const context = join(work, 'context');
  const files = buildContext(clone);
  for (const f of files) cpSync(join(clone, f.path), join(context, f.path));
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  say(`context of HEAD: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  const local = buildContext(repo);
  say(
    `context of the working tree: ${local.length} files, ${(local.reduce((s, f) => s + f.bytes, 0) / 1024 / 1024).toFixed(2)} MiB`,
  );

  const stages: Stage[] = [];
  let stage: Stage | undefined;
  for (const { op, args } of instructions(readFileSync(join(context, 'Dockerfile'), 'utf8'))) {
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length);
      stage = { name, root: join(work, 'stages', name), workdir: '/', env: {}, entrypoint: [] };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      say(`FROM ${args}: stage '${name}' in ${stage.root} (on this host's Node ${process.version})`);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    const current: Stage = stage;
    switch (op) {
      case 'WORKDIR':
        current.workdir = args.startsWith('/') ? args : join(current.workdir, args);
        mkdirSync(inStage(current, current.workdir), { recursive: true });
        break;
      case 'ENV':
        for (const [, key, value] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
          // The image's Node headers are the host's here.
          current.env[key!] =
            key === 'npm_config_nodedir' ? dirname(dirname(process.execPath)) : relocate(current, value!);
        }
        break;
      case 'COPY': {
        const words = args.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
        const paths = words.filter((w) => !w.startsWith('--'));
        const dest = paths.pop()!;
        const source = from ? stages.find((s) => s.name === from) : undefined;
        if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
        for (const path of paths) {
          const src = source ? inStage(source, path) : join(context, path);
          if (!existsSync(src))
            throw new Error(`COPY ${path}: not in the ${from ? `stage ${from}` : 'context'}`);
          const target = inStage(current, dest);
          cpSync(src, dest.endsWith('/') ? join(target, path.split('/').pop()!) : target, {
            recursive: true,
          });
        }
        break;
      }
      case 'RUN': {
        if (/^apt-get\b/.test(args)) {
          say(`skipped (the host's tools serve): RUN ${args.slice(0, 60)}...`);
          break;
        }
        const command = relocate(current, args.replace(/&&\s*chown\s+\S+\s+\S+/g, ''));
        say(`RUN ${args}`);
        execSync(command, {
          cwd: inStage(current, current.workdir),
          env: { ...process.env, ...current.env },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        break;
      }
      case 'ENTRYPOINT':
        current.entrypoint = JSON.parse(args) as string[];
        break;
      default:
        say(`not carried out: ${op} ${args}`);
    }
  }

  const last = stages.at(-1);
  if (!last || last.entrypoint.length === 0) throw new Error('the last stage has no ENTRYPOINT');
  const [program, ...entryArgs] = last.entrypoint;
  const runtime = {
    cwd: inStage(last, last.workdir),
    env: { PATH: process.env.PATH ?? '', HOME: work, ...last.env },
    encoding: 'utf8' as const,
  };
  for (const verb of [['--help'], ['demo']]) {
    const out = execFileSync(
      program === 'node' ? process.execPath : program!,
      [...entryArgs, ...verb],
      runtime,
    );
    say(`${last.entrypoint.join(' ')} ${verb.join(' ')}: exit 0, ${out.split('\n').length} lines`);
    if (verb[0] === 'demo' && !(out.includes('The full audit of') && out.includes('Lambda audit digest')))
      throw new Error('the demo did not print the audit and the digest');
  }
  const dist = execSync('du -sh node_modules dist', { cwd: runtime.cwd, encoding: 'utf8' });
  say(`runtime stage: ${dist.trim().replace(/\s+/g, ' ')}`);
}

try {
  run();
  say('OK');
} finally {
  if (keep) say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
