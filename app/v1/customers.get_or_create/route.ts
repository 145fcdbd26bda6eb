import { apiRoute } from "@/lib/api/api-route";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { getOrCreateCustomerInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: getOrCreateCustomerInput }, ({ ctx, body }) => getOrCreateCustomer(ctx, body));
