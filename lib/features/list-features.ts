import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listFeaturesSchema } from "./schemas";
import { toFeatureView, type FeatureView } from "./feature-view";

export async function listFeatures(ctx: Ctx, input?: z.input<typeof listFeaturesSchema>): Promise<FeatureView[]> {
  authorize(ctx, "catalog:read");
  const { includeArchived } = listFeaturesSchema.parse(input);
  const rows = await db().feature.findMany({
    where: { env: ctx.env, ...(includeArchived ? {} : { archivedAt: null }) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toFeatureView);
}
