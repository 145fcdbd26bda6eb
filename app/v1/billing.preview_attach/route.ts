import { apiRoute } from "@/lib/api/api-route";
import { attachInputSchema } from "@/lib/billing/api/schemas";
import { previewAttach } from "@/lib/billing/preview/preview-attach";

export const POST = apiRoute({ schema: attachInputSchema }, ({ ctx, body }) => previewAttach(ctx, body));
