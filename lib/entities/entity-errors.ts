// The entity errors, with Autumn's codes (autumn's ErrCode: entity_not_found, feature_limit_reached).
import { DomainError } from "@/lib/errors";

export const entityNotFound = (entityId: string) => new DomainError("entity_not_found", `Entity ${entityId} not found`);

export const entityAlreadyExists = (entityId: string, customerId: string) =>
  new DomainError("entity_already_exists", `Entity ${entityId} already exists for customer ${customerId}`, { field: "entity_id" });

export const entityFeatureLimitReached = (entityId: string, featureId: string, granted: number) =>
  new DomainError(
    "feature_limit_reached",
    `Cannot create entity ${entityId}: the customer has used all ${granted} of its ${featureId} (delete an entity or grant more)`,
    { details: { featureId, granted } },
  );

export const billingControlsNotSupported = () =>
  new DomainError("not_supported", "billing_controls: spend and usage limits per entity are not supported by Equinox yet", { field: "billing_controls" });
