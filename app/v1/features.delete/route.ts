import { apiRoute } from "@/lib/api/api-route";
import { deleteFeature } from "@/lib/features/delete-feature";
import { deleteFeatureApiSchema } from "@/lib/features/api-schemas";

export const POST = apiRoute({ schema: deleteFeatureApiSchema }, ({ ctx, body }) => deleteFeature(ctx, body));
