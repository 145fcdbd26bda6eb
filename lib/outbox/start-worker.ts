// Starts the outbox worker in this server instance (imported once from instrumentation.ts on
// the Node.js runtime). Every instance runs one; they share the work through the database.
import { onShutdown } from "@/lib/ops/lifecycle";
import { runOutboxOnce } from "./run-outbox";

const INTERVAL_MS = 2_000;

type WorkerGlobals = { __equinoxOutboxWorker?: NodeJS.Timeout };
const globals = globalThis as typeof globalThis & WorkerGlobals;

function startOutboxWorker(): void {
  if (globals.__equinoxOutboxWorker) return;
  let running: Promise<void> | undefined;
  let stopping = false;
  const drain = async () => {
    // Up to 50 jobs per tick, one at a time, so that a stop waits for the job in progress only.
    for (let n = 0; n < 50 && !stopping; n++) {
      const { done, retried, failed } = await runOutboxOnce({ limit: 1 });
      if (done + retried + failed === 0) return;
    }
  };
  const tick = async () => {
    if (running || stopping) return;
    running = drain();
    try {
      await running;
    } catch (error) {
      // The database may be away for a moment; the next tick tries again.
      console.error(`[outbox] worker run failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = undefined;
    }
  };
  globals.__equinoxOutboxWorker = setInterval(() => void tick(), INTERVAL_MS);
  // Never keeps the process alive on its own.
  globals.__equinoxOutboxWorker.unref();
  // On shutdown: take no new job, let the one in progress finish. If the grace period runs out
  // first, the process exits mid-job: its transaction rolls back and the job is handed back.
  onShutdown("outbox worker", async () => {
    stopping = true;
    clearInterval(globals.__equinoxOutboxWorker);
    await running?.catch(() => undefined);
  });
}

startOutboxWorker();
