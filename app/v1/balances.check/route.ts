import { apiRoute } from "@/lib/api/api-route";
import { check } from "@/lib/balances/check";
import { checkSchema } from "@/lib/balances/schemas";

export const POST = apiRoute({ schema: checkSchema }, ({ ctx, body }) => check(ctx, body));
