// Imported once from instrumentation.ts, after the background workers registered their own
// shutdown hooks: publishes the grace period (lib/env.ts reads it) to the server that owns the
// process, and closes the database pool last, once the workers no longer need it.
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { lifecycle, onShutdown } from "./lifecycle";

lifecycle().graceMs = env().SHUTDOWN_GRACE_SECONDS * 1000;
onShutdown("database pool", closeDb);
