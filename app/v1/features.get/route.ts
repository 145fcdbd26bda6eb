import { apiRoute } from "@/lib/api/api-route";
import { getFeature } from "@/lib/features/get-feature";
import { getFeatureApiSchema } from "@/lib/features/api-schemas";
import { toApiFeature } from "@/lib/features/feature-object";

export const POST = apiRoute({ schema: getFeatureApiSchema }, async ({ ctx, body }) => toApiFeature(await getFeature(ctx, body)));
