// GET /api/dashboard/customers?q&plan&pending&sort&size&cursor — the customers page's table (React
// Query, keyset pages); the query string is the page's own (lib/customers/customer-list-url.ts).
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { customerListQueryFromRoute } from "@/lib/customers/customer-list-url";
import { loadCustomerList } from "@/lib/customers/load-customer-list";

export const GET = dashboardRoute(({ ctx, query }) => loadCustomerList(ctx, customerListQueryFromRoute(query)));
