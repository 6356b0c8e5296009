# syntax=docker/dockerfile:1
# Build stage: install everything, compile TypeScript.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY test/fakes ./test/fakes
RUN npx tsc -p tsconfig.build.json

# Runtime stage: production dependencies and the compiled code only, as a non-root user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY data ./data
COPY iam ./iam
COPY manifest.yml ./
COPY test/fakes/aws/worlds ./test/fakes/aws/worlds
COPY test/fakes/aws/aws-managed-policies.json ./test/fakes/aws/
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/lambda-audit.js"]
CMD ["serve"]
