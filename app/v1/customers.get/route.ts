import { apiRoute } from "@/lib/api/api-route";
import { getCustomerWithEntities } from "@/lib/entities/get-customer-with-entities";
import { getCustomerInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: getCustomerInput }, ({ ctx, body }) => getCustomerWithEntities(ctx, body));
