import { apiRoute } from "@/lib/api/api-route";
import { listCustomers } from "@/lib/customers/list-customers";
import { listCustomersInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: listCustomersInput }, ({ ctx, body }) => listCustomers(ctx, body));
