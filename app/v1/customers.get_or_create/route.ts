import { apiRoute } from "@/lib/api/api-route";
import { getOrCreateCustomerWithEntities } from "@/lib/entities/get-customer-with-entities";
import { getOrCreateCustomerInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: getOrCreateCustomerInput }, ({ ctx, body }) => getOrCreateCustomerWithEntities(ctx, body));
