import { apiRoute } from "@/lib/api/api-route";
import { getCustomer } from "@/lib/customers/get-customer";
import { getCustomerInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: getCustomerInput }, ({ ctx, body }) => getCustomer(ctx, body));
