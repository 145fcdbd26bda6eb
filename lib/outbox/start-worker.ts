// Starts the outbox worker in this server instance (imported once from instrumentation.ts on
// the Node.js runtime). Every instance runs one; they share the work through the database.
import { runOutboxOnce } from "./run-outbox";

const INTERVAL_MS = 2_000;

type WorkerGlobals = { __equinoxOutboxWorker?: NodeJS.Timeout };
const globals = globalThis as typeof globalThis & WorkerGlobals;

function startOutboxWorker(): void {
  if (globals.__equinoxOutboxWorker) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runOutboxOnce();
    } catch (error) {
      // The database may be away for a moment; the next tick tries again.
      console.error(`[outbox] worker run failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  globals.__equinoxOutboxWorker = setInterval(() => void tick(), INTERVAL_MS);
  // Never keeps the process alive on its own.
  globals.__equinoxOutboxWorker.unref();
}

startOutboxWorker();
