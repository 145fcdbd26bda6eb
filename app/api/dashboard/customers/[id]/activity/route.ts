// GET /api/dashboard/customers/{internal id}/activity?cursor — the customer's audit timeline,
// newest first, in keyset pages (React Query's "Show older activity").
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { CUSTOMER_ACTIVITY_PAGE_SIZE } from "@/lib/audit/customer-activity-page-size";

export const GET = dashboardRoute(({ ctx, query, params }) =>
  listAuditEvents(ctx, { customer: String(params.id), cursor: query.get("cursor") ?? undefined, limit: CUSTOMER_ACTIVITY_PAGE_SIZE }),
);
