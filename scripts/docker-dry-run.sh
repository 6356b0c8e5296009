#!/usr/bin/env bash
# The Dockerfile's stages carried out by hand where there is no Docker engine: a clean clone of
# HEAD, its build context through .dockerignore, npm ci / build / prune as the build stage runs
# them, the runtime stage's copies, then `lambda-audit --help` and `lambda-audit demo` from the
# runtime stage's folder (scripts/docker-dry-run.ts says what the host stands in for). Not part
# of `npm test`: npm ci needs the registry and takes about a minute. Usage: npm run docker-dry-run
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsx scripts/docker-dry-run.ts "$@"
