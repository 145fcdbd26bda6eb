import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordFeatureChange } from "./record-feature-change";
import { archiveFeatureSchema, type ArchiveFeatureInput } from "./schemas";
import { featureNotFound, toFeatureView, type FeatureView } from "./feature-view";

/**
 * Archives (or restores) a feature. An archived feature cannot be put on a plan any more; the
 * plans and customers that already have it keep it, and check/track keep answering for it.
 */
export async function archiveFeature(ctx: Ctx, input: ArchiveFeatureInput): Promise<FeatureView> {
  authorize(ctx, "catalog:write");
  const { featureId, archived } = archiveFeatureSchema.parse(input);
  const feature = await db().$transaction(async (tx) => {
    const before = await tx.feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId } } });
    if (!before) throw featureNotFound(featureId);
    if ((before.archivedAt !== null) === archived) return before;
    const after = await tx.feature.update({ where: { id: before.id }, data: { archivedAt: archived ? new Date() : null } });
    await recordFeatureChange(tx, ctx, archived ? "feature.archived" : "feature.updated", before, after);
    return after;
  });
  return toFeatureView(feature);
}
