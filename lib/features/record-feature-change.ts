import "server-only";
import type { Ctx } from "@/lib/context";
import type { Feature } from "@/lib/generated/prisma";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { featureSnapshot } from "./feature-view";

type Tx = Parameters<typeof recordAuditEvent>[0];

/** The audit entry of a feature's edit or archive: one shape for both, so the log reads alike. */
export function recordFeatureChange(tx: Tx, ctx: Ctx, action: "feature.archived" | "feature.updated", before: Feature, after: Feature) {
  return recordAuditEvent(tx, ctx, {
    action,
    targetType: "feature",
    targetId: after.id,
    target: { featureId: after.featureId, name: after.name },
    before: featureSnapshot(before),
    after: featureSnapshot(after),
  });
}
