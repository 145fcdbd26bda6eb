// Liveness and readiness in one: the app answers, and says whether the database does.
import { pool } from "@/lib/db";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  let database: { status: "ok" | "unavailable"; latencyMs?: number; error?: string };
  try {
    await pool().query("select 1");
    database = { status: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch {
    database = { status: "unavailable", error: "The database does not answer" };
  }
  const ok = database.status === "ok";
  return Response.json(
    { status: ok ? "ok" : "degraded", app: { status: "ok", version: packageJson.version }, database },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
