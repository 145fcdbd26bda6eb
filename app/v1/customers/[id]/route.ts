// REST: /v1/customers/{id}, where {id} is the customer's id or, failing that, its internal id.
import { apiRoute } from "@/lib/api/api-route";
import { getCustomer } from "@/lib/customers/get-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import { restDeleteCustomerInput, restGetCustomerInput, restUpdateCustomerInput } from "@/lib/customers/schemas";

export const GET = apiRoute({ schema: restGetCustomerInput }, ({ ctx, body }) => getCustomer(ctx, body));

export const PATCH = apiRoute({ schema: restUpdateCustomerInput }, ({ ctx, body }) => updateCustomer(ctx, body));

// Autumn's REST API updates with POST as well.
export const POST = PATCH;

export const DELETE = apiRoute({ schema: restDeleteCustomerInput }, ({ ctx, body }) => deleteCustomer(ctx, body));
