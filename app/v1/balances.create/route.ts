import { apiRoute } from "@/lib/api/api-route";
import { createBalance } from "@/lib/balances/create-balance";
import { createBalanceSchema } from "@/lib/balances/schemas";

export const POST = apiRoute({ schema: createBalanceSchema }, ({ ctx, body }) => createBalance(ctx, body));
