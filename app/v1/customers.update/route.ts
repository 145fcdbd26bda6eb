import { apiRoute } from "@/lib/api/api-route";
import { updateCustomer } from "@/lib/customers/update-customer";
import { updateCustomerInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: updateCustomerInput }, ({ ctx, body }) => updateCustomer(ctx, body));
