import { apiRoute } from "@/lib/api/api-route";
import { multiAttach } from "@/lib/billing/api/attach";
import { multiAttachInputSchema } from "@/lib/billing/api/schemas";

export const POST = apiRoute({ schema: multiAttachInputSchema }, ({ ctx, body }) => multiAttach(ctx, body));
