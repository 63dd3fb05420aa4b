# syntax=docker/dockerfile:1
# Chargemend: one image for every role (`chargemend gateway|api|worker|start|migrate`).
# Build stage: dev dependencies, the Prisma client generated offline, the dashboard built.
FROM node:20-slim AS build
WORKDIR /app
# postinstall (scripts/prisma-generate.mjs) needs the schema and its config before `npm ci`
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
# generate again in case the schema came with the full copy; build the SPA when the tree has one
RUN node scripts/prisma-generate.mjs \
 && if [ -d web ]; then npx vite build web --logLevel warn; fi \
 && mkdir -p web/dist

# Runtime stage: production dependencies only, TypeScript run through tsx (a runtime dependency).
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    OCPP_PORT=9000 \
    HTTP_PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
# prisma-generate.mjs exits 0 without the prisma CLI: the generated client comes from the build stage
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/core/db/generated ./core/db/generated
COPY --from=build /app/web/dist ./web/dist
COPY tsconfig.json ./
COPY bin ./bin
COPY cli ./cli
COPY core ./core
COPY gateway ./gateway
COPY telemetry ./telemetry
COPY api ./api
COPY ocpp ./ocpp
COPY simulator ./simulator
COPY prisma ./prisma
RUN mkdir -p /data && chown node:node /data
# the node image's unprivileged user (uid 1000); the image never runs as root
USER node
VOLUME ["/data"]
EXPOSE 9000 3000
# node:20-slim has no curl; Node's fetch does the probe
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/chargemend.js"]
CMD ["start"]
