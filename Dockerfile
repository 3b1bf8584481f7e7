# syntax=docker/dockerfile:1

# One image for every Hookline process:
#   all-in-one (default):  node dist/apps/standalone/src/main.js
#   one service:           node dist/apps/<gateway|endpoint-registry|event-router|dispatcher|attempt-log>/src/main.js
#   migrations:            node dist/libs/database/src/migrate.js

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOOKLINE_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
# The all-in-one starts nats-server from PATH when NATS_URL is unset; the release binary is static.
COPY --from=nats:2.10-alpine /usr/local/bin/nats-server /usr/local/bin/nats-server
COPY --from=build /app/dist ./dist
COPY proto ./proto
# PostgreSQL refuses to run as root, so the embedded one needs an unprivileged user and a data dir it owns.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080 50051
CMD ["node", "dist/apps/standalone/src/main.js"]
