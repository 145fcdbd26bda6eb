// GET /api/dashboard/audit-events?actor&actorKind&action&customer&cursor — the audit log page's
// data (React Query, keyset pages).
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { listAuditEvents } from "@/lib/audit/list-audit-events";

export const GET = dashboardRoute(({ ctx, query }) => listAuditEvents(ctx, Object.fromEntries(query)));
