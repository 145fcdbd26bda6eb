// GET /api/dashboard/customers/{internal id}/activity?cursor — the customer's audit timeline,
// newest first, in keyset pages (React Query's "Show older activity").
import { requireStaff } from "@/lib/auth/session";
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { CUSTOMER_ACTIVITY_PAGE_SIZE } from "@/components/customers/detail/activity-page-size";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const ctx = await requireStaff();
    const { id } = await params;
    const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
    const page = await listAuditEvents(ctx, { customer: id, cursor, limit: CUSTOMER_ACTIVITY_PAGE_SIZE });
    return Response.json(page, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, { requestId: newRequestId() });
  }
}
