// Readiness: may a load balancer send this instance traffic? Yes when the database answers and its
// schema is the one this build expects, and the process is not draining (after SIGTERM it answers
// 503 at once, so the balancer stops routing before the process stops). Liveness is separate
// (/api/health): a database outage must not make an orchestrator restart healthy processes.
import "server-only";
import { pool } from "@/lib/db";
import { isDraining } from "./lifecycle";
import { schemaStatus, type SchemaStatus } from "./schema-status";

export type Readiness = {
  ready: boolean;
  draining: boolean;
  database: { status: "ok"; latencyMs: number } | { status: "unavailable"; error: string };
  schema?: SchemaStatus;
};

export async function checkReadiness(): Promise<Readiness> {
  if (isDraining()) return { ready: false, draining: true, database: { status: "unavailable", error: "not checked: draining" } };
  const started = performance.now();
  try {
    await pool().query("select 1");
    const database = { status: "ok" as const, latencyMs: Math.round(performance.now() - started) };
    const schema = await schemaStatus();
    return { ready: schema.status === "current" && !isDraining(), draining: isDraining(), database, schema };
  } catch {
    return { ready: false, draining: isDraining(), database: { status: "unavailable", error: "The database does not answer" } };
  }
}
