import { apiRoute } from "@/lib/api/api-route";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import { deleteCustomerInput } from "@/lib/customers/schemas";

export const POST = apiRoute({ schema: deleteCustomerInput }, ({ ctx, body }) => deleteCustomer(ctx, body));
