// REST: POST /v1/customers (get-or-create; the id as `id` or `customer_id`), GET /v1/customers?limit&offset.
import { apiRoute } from "@/lib/api/api-route";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { listCustomersByOffset } from "@/lib/customers/list-customers";
import { restGetOrCreateCustomerInput, restListCustomersInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: restGetOrCreateCustomerInput }, ({ ctx, body }) => getOrCreateCustomer(ctx, body));

export const GET = apiRoute({ schema: restListCustomersInput }, ({ ctx, body }) => listCustomersByOffset(ctx, body));
