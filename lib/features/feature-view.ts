import type { Feature, FeatureType } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";

/** A catalog feature as the dashboard shows it. */
export type FeatureView = {
  /** Internal id. */
  pk: string;
  /** The API id (`messages`). */
  id: string;
  name: string;
  type: FeatureType;
  eventNames: string[];
  archived: boolean;
  archivedAt: Date | null;
  createdAt: Date;
};

export function toFeatureView(feature: Feature): FeatureView {
  return {
    pk: feature.id,
    id: feature.featureId,
    name: feature.name,
    type: feature.type,
    eventNames: feature.eventNames,
    archived: feature.archivedAt !== null,
    archivedAt: feature.archivedAt,
    createdAt: feature.createdAt,
  };
}

export const featureNotFound = (featureId: string) => new DomainError("feature_not_found", `Feature ${featureId} not found`);

/** What the audit log keeps of a feature. */
export const featureSnapshot = (feature: Feature) => ({
  featureId: feature.featureId,
  name: feature.name,
  type: feature.type,
  eventNames: feature.eventNames,
  archived: feature.archivedAt !== null,
});
