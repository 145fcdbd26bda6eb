import { apiRoute } from "@/lib/api/api-route";
import { updateFeature } from "@/lib/features/update-feature";
import { updateFeatureApiSchema } from "@/lib/features/api-schemas";
import { toApiFeature } from "@/lib/features/feature-object";

export const POST = apiRoute({ schema: updateFeatureApiSchema }, async ({ ctx, body }) => toApiFeature(await updateFeature(ctx, body)));
