// Runs once when a server instance starts (NEXT_RUNTIME is Next.js's own marker of the runtime).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/validate-env-on-start");
    // A pooler Equinox cannot work through (statement mode, dropped prepared statements) stops it here, saying what to set.
    await import("./lib/check-database-pooling-on-start");
    // Connects the areas that react to each other (billing's outbox subscribers, its Stripe port
    // for the customers area) before the worker takes its first job.
    await import("./lib/composition/wire-areas");
    // The outbox worker (durable follow-up calls to Stripe), one per instance.
    await import("./lib/outbox/start-worker");
    // Housekeeping: expired Idempotency-Key answers.
    await import("./lib/maintenance/start-maintenance");
    // Graceful stop (scripts/serve.mjs drains, then runs the hooks above; the database pool last).
    await import("./lib/ops/start-lifecycle");
    // The lean /v1 path: scripts/serve.mjs asks for it (globalThis.__equinoxV1) and then hands /v1
    // requests to these route modules itself, without Next.js's routing (lib/api/v1-dispatcher.ts).
    const lean = (globalThis as { __equinoxV1?: { dispatch?: unknown } }).__equinoxV1;
    if (lean) lean.dispatch = (await import("./app/v1/route-table")).dispatchV1;
  }
}
