// GET /api/dashboard/audit-events?actor&actorKind&action&customer&cursor — the audit log page's
// data (React Query, keyset pages). The session and role are checked here, the permission in the
// domain.
import { requireStaff } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";

export async function GET(request: Request): Promise<Response> {
  try {
    const ctx = await requireStaff();
    const page = await listAuditEvents(ctx, Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(page, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, { requestId: newRequestId() });
  }
}
