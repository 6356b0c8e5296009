import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package's root folder, found from this module's location, so data files (runtime dates,
 * the demo's sample account) resolve the same from src/ under vitest/tsx and from dist/.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('lambda-audit: cannot find the package root (package.json)');
    dir = parent;
  }
  root = dir;
  return dir;
}

export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
