import { apiRoute } from "@/lib/api/api-route";
import { attachWithOptions } from "@/lib/billing/api/attach";
import { attachInputSchema } from "@/lib/billing/api/schemas";

export const POST = apiRoute({ schema: attachInputSchema }, ({ ctx, body }) => attachWithOptions(ctx, body));
