// Periodic housekeeping in every server instance (imported once from instrumentation.ts on the
// Node.js runtime): Idempotency-Key answers past their 24-hour retention are deleted, in batches,
// so the table does not grow for ever. Any instance may do it; a second one finds nothing left.
// (Expired rate-limit windows are deleted by lib/rate-limit/shared-counters.ts as it flushes.)
import { onShutdown } from "@/lib/ops/lifecycle";
import { runMaintenanceOnce } from "./run-maintenance";

const INTERVAL_MS = 10 * 60_000;
const FIRST_RUN_MS = 60_000;

type MaintenanceGlobals = { __equinoxMaintenance?: NodeJS.Timeout };
const globals = globalThis as typeof globalThis & MaintenanceGlobals;

function startMaintenance(): void {
  if (globals.__equinoxMaintenance) return;
  const tick = () =>
    void runMaintenanceOnce().catch((error: unknown) =>
      // The database may be away for a moment; the next run tries again.
      console.error(`[maintenance] run failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  globals.__equinoxMaintenance = setTimeout(function run() {
    tick();
    globals.__equinoxMaintenance = setTimeout(run, INTERVAL_MS).unref();
  }, FIRST_RUN_MS).unref();
  onShutdown("housekeeping", async () => clearTimeout(globals.__equinoxMaintenance));
}

startMaintenance();
