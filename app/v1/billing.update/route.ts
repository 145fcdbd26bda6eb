import { apiRoute } from "@/lib/api/api-route";
import { updateInputSchema } from "@/lib/billing/api/schemas";
import { updateCustomerPlanBilling } from "@/lib/billing/changes/update-customer-plan-billing";

export const POST = apiRoute({ schema: updateInputSchema }, ({ ctx, body }) => updateCustomerPlanBilling(ctx, body));
