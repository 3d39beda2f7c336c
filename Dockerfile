# syntax=docker/dockerfile:1
# One image holds every deployable of lab/deployables.ts; each Deployment in k8s/base runs
# its own `node dist/<entry>`. Built by `make lab-up` (scripts/kind-lab.sh) as firedrill:dev.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY services services
COPY lab lab
COPY bot bot
COPY chaos chaos
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
# git: the desk's git tools and `firedrill deploy` work on the shop repository with the git CLI.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# repoRoot() finds the app by firedrill's package.json; everything below is read from it at run time.
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY bin ./bin
# The shop repository is created from the seed config and a snapshot of the services' source.
COPY lab/shop-seed ./lab/shop-seed
COPY services ./services
COPY lab/traffic/traffic.yaml ./lab/traffic/traffic.yaml
COPY lab/pager/pager.yaml ./lab/pager/pager.yaml
COPY bot/workspace/workspace.yaml ./bot/workspace/workspace.yaml
COPY bot/manifest.yaml ./bot/manifest.yaml
# tsc copies no assets: the workspace page is served from the source tree (bot/workspace/page/assets.ts).
COPY bot/workspace/page/static ./bot/workspace/page/static
COPY chaos/scenarios ./chaos/scenarios
COPY dashboards ./dashboards
COPY k8s/image ./k8s/image
USER node
CMD ["node", "bin/firedrill.js", "help"]
