import { apiRoute } from "@/lib/api/api-route";
import { listFeatures } from "@/lib/features/list-features";
import { listFeaturesApiSchema } from "@/lib/features/api-schemas";
import { toApiFeature } from "@/lib/features/feature-object";

// Archived features are listed too (with archived: true), as Autumn does: check and track still answer for them.
export const POST = apiRoute({ schema: listFeaturesApiSchema }, async ({ ctx }) => ({
  list: (await listFeatures(ctx, { includeArchived: true })).map(toApiFeature),
}));
