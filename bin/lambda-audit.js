#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('lambda-audit: dist/ is missing; run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
await import(entry.href);
