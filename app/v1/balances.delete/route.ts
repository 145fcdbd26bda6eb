import { apiRoute } from "@/lib/api/api-route";
import { deleteBalance } from "@/lib/balances/delete-balance";
import { deleteBalanceSchema } from "@/lib/balances/schemas";

export const POST = apiRoute({ schema: deleteBalanceSchema }, ({ ctx, body }) => deleteBalance(ctx, body));
