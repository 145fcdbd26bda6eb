import { apiRoute } from "@/lib/api/api-route";
import { batchTrack } from "@/lib/balances/batch-track";
import { batchTrackSchema } from "@/lib/balances/schemas";

// 202, as the SDK expects: the batch was accepted (here: validated whole, then applied).
export const POST = apiRoute({ schema: batchTrackSchema, status: 202, arrayBody: true }, ({ ctx, body }) => batchTrack(ctx, body));
