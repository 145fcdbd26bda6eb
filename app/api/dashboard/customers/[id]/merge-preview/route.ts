// GET /api/dashboard/customers/{internal id}/merge-preview?into — what merging this customer into
// another would move, and whether it is refused (the merge dialog's preview; nothing is written).
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { previewCustomerMerge } from "@/lib/customers/merge-customers";

export const GET = dashboardRoute(({ ctx, query, params }) => previewCustomerMerge(ctx, { customer_id: String(params.id), into: query.get("into") ?? "" }));
