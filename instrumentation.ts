// Runs once when a server instance starts (NEXT_RUNTIME is Next.js's own marker of the runtime).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/validate-env-on-start");
    // The outbox worker (durable follow-up calls to Stripe), one per instance. [billing]
    await import("./lib/outbox/start-worker");
    // Housekeeping: expired Idempotency-Key answers.
    await import("./lib/maintenance/start-maintenance");
  }
}
