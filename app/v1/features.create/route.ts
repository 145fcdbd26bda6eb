import { apiRoute } from "@/lib/api/api-route";
import { createFeature } from "@/lib/features/create-feature";
import { createFeatureApiSchema } from "@/lib/features/api-schemas";
import { toApiFeature } from "@/lib/features/feature-object";

export const POST = apiRoute({ schema: createFeatureApiSchema }, async ({ ctx, body }) => toApiFeature(await createFeature(ctx, body)));
