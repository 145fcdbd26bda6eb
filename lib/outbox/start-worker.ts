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
    // Passes of up to DEFAULT_BATCH_SIZE jobs (run-outbox.ts), up to 500 jobs per tick. It was 50
    // jobs per tick, one transaction each: 25 jobs a second, fewer than a steady stream of claims
    // wrote then (three jobs each; a claim now writes only the wanted ones), so the backlog grew
    // for as long as the stream lasted. A stop lets the job in progress finish and hands the rest
    // of its pass back.
    await runOutboxOnce({ limit: 500, shouldStop: () => stopping });
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
  // On shutdown: start no new job, let the one in progress finish, record the pass's finished
  // jobs and hand the rest back. If the grace period runs out first, the process exits mid-pass:
  // its transaction rolls back and all its jobs are handed back (the finished ones run again).
  onShutdown("outbox worker", async () => {
    stopping = true;
    clearInterval(globals.__equinoxOutboxWorker);
    await running?.catch(() => undefined);
  });
}

startOutboxWorker();
