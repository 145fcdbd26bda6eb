// Liveness: the process is up and serves requests. It does not ask the database: an outage must not
// make an orchestrator restart healthy processes. Whether to send traffic here is readiness's
// question (/api/health/ready).
import { isDraining } from "@/lib/ops/lifecycle";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(
    { status: "ok", app: { status: "ok", version: packageJson.version }, draining: isDraining() },
    { headers: { "cache-control": "no-store" } },
  );
}
