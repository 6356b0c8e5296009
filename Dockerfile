# syntax=docker/dockerfile:1
# Node 26 is the Active LTS line (since 2026-10-28; 24 is in maintenance), on Debian 13: bookworm
# left Debian's security support on 2026-06-10. Both stages use the same image, so the native
# addon built in the first runs against the same glibc in the second.
# Build stage: install everything (better-sqlite3 fetches its prebuilt native addon, or compiles
# it with python3, make and g++ where none can be downloaded), compile TypeScript, then drop the
# dev dependencies.
FROM node:26-trixie-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# node-gyp compiles against this image's own Node headers (/usr/local/include/node) instead of
# downloading them, so a build with no prebuilt addon and no nodejs.org access still succeeds.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
# data/: runtimes.json is imported by the runtime checks, so the compiler needs it.
COPY data ./data
# The fake AWS and the demo's sample account compile into dist/ (the demo imports them).
COPY test/fakes ./test/fakes
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

# Runtime stage: production dependencies and the compiled code only, as a non-root user.
FROM node:26-trixie-slim
ENV NODE_ENV=production DATABASE_URL=file:/app/var/lambda-audit.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY data ./data
COPY iam ./iam
COPY manifest.yml ./
RUN mkdir -p /app/var && chown node:node /app/var
USER node
VOLUME ["/app/var"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/lambda-audit.js"]
CMD ["serve"]
