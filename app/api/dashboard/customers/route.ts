// GET /api/dashboard/customers?search&plan&pending&sort&size&cursor — the customers page's table
// (React Query, keyset pages). The session and role are checked here, the permission in the domain.
import { requireStaff } from "@/lib/auth/session";
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";
import { customerListQueryFrom, loadCustomerList } from "@/components/customers/load-customer-list";

export async function GET(request: Request): Promise<Response> {
  try {
    const ctx = await requireStaff();
    const page = await loadCustomerList(ctx, customerListQueryFrom(new URL(request.url).searchParams));
    return Response.json(page, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, { requestId: newRequestId() });
  }
}
