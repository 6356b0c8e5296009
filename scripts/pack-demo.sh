#!/usr/bin/env bash
# Proves the demo runs from the published package, as a user would get it: packs the repository
# (npm pack builds dist/ through `prepare`), installs the tarball into an empty project from the
# registry, and runs `npx lambda-audit demo` there. Not part of `npm test`: the install takes
# about a minute and needs the registry. Usage: npm run pack-demo
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/lambda-audit-*.tgz)
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "$tarball"
npx lambda-audit demo > demo.out
grep -q 'The full audit of' demo.out && grep -q 'Lambda audit digest' demo.out
echo "pack-demo: the demo ran from $(basename "$tarball") installed in a fresh project ($(wc -l < demo.out) lines)"
