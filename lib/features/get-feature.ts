import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getFeatureSchema } from "./schemas";
import { featureNotFound, toFeatureView, type FeatureView } from "./feature-view";

export async function getFeature(ctx: Ctx, input: z.input<typeof getFeatureSchema>): Promise<FeatureView> {
  authorize(ctx, "catalog:read");
  const { featureId } = getFeatureSchema.parse(input);
  const feature = await db().feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId } } });
  if (!feature) throw featureNotFound(featureId);
  return toFeatureView(feature);
}
