// GET /api/dashboard/customers/email-users?email&except — other customers that use an email (the
// edit dialog warns before staff save it).
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { findCustomersByEmail } from "@/lib/customers/find-customers-by-email";

export const GET = dashboardRoute(async ({ ctx, query }) => ({
  customers: await findCustomersByEmail(ctx, { email: query.get("email") ?? "", exceptCustomerId: query.get("except") || undefined }),
}));
