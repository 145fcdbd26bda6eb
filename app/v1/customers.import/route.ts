import { apiRoute } from "@/lib/api/api-route";
import { importCustomers } from "@/lib/customers/import/customer-imports";
import { importCustomersInput } from "@/lib/customers/import/schemas";

export const POST = apiRoute({ schema: importCustomersInput }, ({ ctx, body }) => importCustomers(ctx, body));
