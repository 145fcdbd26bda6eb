import { apiRoute } from "@/lib/api/api-route";
import { track } from "@/lib/balances/track";
import { trackSchema } from "@/lib/balances/schemas";

export const POST = apiRoute({ schema: trackSchema }, ({ ctx, body }) => track(ctx, body));
