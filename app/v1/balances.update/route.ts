import { apiRoute } from "@/lib/api/api-route";
import { updateBalance } from "@/lib/balances/update-balance";
import { updateBalanceSchema } from "@/lib/balances/schemas";

export const POST = apiRoute({ schema: updateBalanceSchema }, ({ ctx, body }) => updateBalance(ctx, body));
