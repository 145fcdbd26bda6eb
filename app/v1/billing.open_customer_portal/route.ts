import { apiRoute } from "@/lib/api/api-route";
import { openCustomerPortal } from "@/lib/billing/open-customer-portal";
import { openCustomerPortalInput } from "@/lib/billing/schemas";

export const POST = apiRoute({ schema: openCustomerPortalInput }, ({ ctx, body }) => openCustomerPortal(ctx, body));
