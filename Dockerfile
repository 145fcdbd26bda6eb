# syntax=docker/dockerfile:1
# Equinox's production image: Next.js's standalone output (only the files the server needs, no dev
# dependencies) run by scripts/serve.mjs, which drains on SIGTERM, as a non-root user.
#
#   docker build -t equinox .                      # the app (target `runtime`, the default)
#   docker build -t equinox-migrate --target migrate .
#
# compose.yaml builds both. Migrations run once per deployment, before the new instances start,
# against PostgreSQL itself (not through PgBouncer): see README.md, Operations.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, the Prisma client, the Next.js build --------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# The whole context (.dockerignore keeps local data and builds out): npm's postinstall generates
# the Prisma client, which needs the schema, its config and scripts/.
COPY . .
RUN npm ci --no-audit --no-fund && npx next build

# ---- migrate: one-shot `npm run db:migrate` (needs the dev tooling; not the app image) ------
FROM build AS migrate
ENV NODE_ENV=production
CMD ["npm", "run", "db:migrate"]

# ---- runtime: the standalone server only ------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 equinox && useradd --system --uid 1001 --gid equinox --no-create-home equinox
COPY --from=build --chown=equinox:equinox /app/.next/standalone ./
COPY --from=build --chown=equinox:equinox /app/.next/static ./.next/static
COPY --from=build --chown=equinox:equinox /app/public ./public
COPY --from=build --chown=equinox:equinox /app/scripts/serve.mjs ./serve.mjs
USER equinox
EXPOSE 3000
# Liveness only (the process answers). Readiness, for the proxy, is /api/health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# serve.mjs is PID 1 and handles SIGTERM itself: readiness 503, stop accepting, drain
# (SHUTDOWN_GRACE_SECONDS, 10 s), stop the outbox, exit 0. Give `docker stop` more than that.
STOPSIGNAL SIGTERM
# V8's young generation at 16-32 MB semi-spaces (SERVER_NODE_FLAGS in scripts/lib/server-args.ts says
# why; Node refuses the minimum in NODE_OPTIONS); the server processes it forks inherit the flags.
# Command-line flags win over NODE_OPTIONS: to size the young generation otherwise, override the CMD.
CMD ["node", "--max-semi-space-size=32", "--min-semi-space-size=16", "serve.mjs"]
