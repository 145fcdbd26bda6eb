import { apiRoute } from "@/lib/api/api-route";
import { multiAttachInputSchema } from "@/lib/billing/api/schemas";
import { previewMultiAttach } from "@/lib/billing/preview/preview-attach";

export const POST = apiRoute({ schema: multiAttachInputSchema }, ({ ctx, body }) => previewMultiAttach(ctx, body));
