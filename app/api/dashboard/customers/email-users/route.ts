// GET /api/dashboard/customers/email-users?email&except — other customers that use an email (the
// edit dialog warns before staff save it). Session and role here, permission in the domain.
import { requireStaff } from "@/lib/auth/session";
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";
import { findCustomersByEmail } from "@/lib/customers/find-customers-by-email";

export async function GET(request: Request): Promise<Response> {
  try {
    const ctx = await requireStaff();
    const params = new URL(request.url).searchParams;
    const customers = await findCustomersByEmail(ctx, { email: params.get("email") ?? "", exceptCustomerId: params.get("except") || undefined });
    return Response.json({ customers }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, { requestId: newRequestId() });
  }
}
