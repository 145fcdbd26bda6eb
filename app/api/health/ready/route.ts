// Readiness, for load balancers and orchestrators: 200 when this instance should get traffic, 503
// (with Retry-After) when the database is away, the schema is behind this build, or it is draining.
import { checkReadiness } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(
    { status: readiness.ready ? "ready" : readiness.draining ? "draining" : "unavailable", ...readiness },
    { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store", ...(readiness.ready ? {} : { "retry-after": "1" }) } },
  );
}
