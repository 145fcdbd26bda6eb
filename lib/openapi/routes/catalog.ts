// The catalog routes (issue 15): features.* and plans.*, Autumn's catalog as code. Requests are
// the wire schemas the routes validate with; responses the objects autumn-js reads.
import { z } from "zod";
import { apiFeatureSchema, apiSuccessSchema } from "@/lib/features/feature-object";
import { createFeatureApiSchema, deleteFeatureApiSchema, getFeatureApiSchema, listFeaturesApiSchema, updateFeatureApiSchema } from "@/lib/features/api-schemas";
import { apiPlanSchema } from "@/lib/plans/plan-object";
import { createPlanApiSchema, deletePlanApiSchema, getPlanApiSchema, listPlansApiSchema, updatePlanApiSchema } from "@/lib/plans/api-schemas";
import { defineApiRoutes } from "../registry";

const FEATURES = ["Features"];
const PLANS = ["Plans"];
const ENTITY_FEATURE_NOTE =
  "An item's entity_feature_id (a continuous-use feature other than the item's own) grants the item per entity of that feature: each entity gets included of its own " +
  "(autumn-js 1.3.13's plans.create and plans.update do not send it: send it over HTTP).";
const NOT_SUPPORTED_NOTE = " Fields Equinox does not implement (credit systems, per-unit prices, tiers, rollovers, licenses, variants) are refused by name with 400 invalid_inputs.";

export const catalogRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/features.create",
    operationId: "createFeature",
    summary: "Create a feature",
    description: "type boolean, or metered with consumable: true (single-use, resets) or false (continuous-use, e.g. seats). display is accepted and not stored." + NOT_SUPPORTED_NOTE,
    tags: FEATURES,
    body: createFeatureApiSchema,
    response: apiFeatureSchema,
    errors: ["conflict"],
  },
  { method: "post", path: "/v1/features.get", operationId: "getFeature", summary: "Get a feature", tags: FEATURES, body: getFeatureApiSchema, response: apiFeatureSchema, errors: ["feature_not_found"] },
  {
    method: "post",
    path: "/v1/features.list",
    operationId: "listFeatures",
    summary: "List features",
    description: "Every feature of the key's environment, archived ones included (archived: true).",
    tags: FEATURES,
    body: listFeaturesApiSchema,
    response: z.object({ list: z.array(apiFeatureSchema) }).meta({ id: "ListFeaturesResponse" }),
  },
  {
    method: "post",
    path: "/v1/features.update",
    operationId: "updateFeature",
    summary: "Update a feature",
    description: "Name, event names and archived change freely; type, consumable and new_feature_id only while nothing uses the feature (else 409 feature_in_use).",
    tags: FEATURES,
    body: updateFeatureApiSchema,
    response: apiFeatureSchema,
    errors: ["feature_not_found", "feature_in_use", "conflict"],
  },
  {
    method: "post",
    path: "/v1/features.delete",
    operationId: "deleteFeature",
    summary: "Delete a feature",
    description: "Only a feature nothing uses (no plan item in any version, no balance, no usage); otherwise 409 feature_in_use: archive it instead.",
    tags: FEATURES,
    body: deleteFeatureApiSchema,
    response: apiSuccessSchema,
    errors: ["feature_not_found", "feature_in_use"],
  },
  {
    method: "post",
    path: "/v1/plans.create",
    operationId: "createPlan",
    summary: "Create a plan",
    description:
      "Price in major units (dollars); items with included usage, unlimited and reset interval; overage per feature in billing_controls.overage_allowed; " +
      "add_on, auto_enable (a default plan, which must be free), group, free_trial, metadata. " +
      ENTITY_FEATURE_NOTE +
      NOT_SUPPORTED_NOTE,
    tags: PLANS,
    body: createPlanApiSchema,
    response: apiPlanSchema,
    errors: ["conflict"],
  },
  {
    method: "post",
    path: "/v1/plans.get",
    operationId: "getPlan",
    summary: "Get a plan",
    description: "The current version, or a past one with version.",
    tags: PLANS,
    body: getPlanApiSchema,
    response: apiPlanSchema,
    errors: ["plan_not_found"],
  },
  {
    method: "post",
    path: "/v1/plans.list",
    operationId: "listPlans",
    summary: "List plans",
    description:
      "With customer_id, each plan carries customer_eligibility: the customer's status on it (active, scheduled, canceling, trialing), " +
      "whether its free trial is still open to them, and attach_action (activate, upgrade, downgrade within its group, purchase for add-ons and one-off plans, none). " +
      "A customer_id no customer has yet is answered as a newcomer (a pricing table may render before the app's get-or-create).",
    tags: PLANS,
    body: listPlansApiSchema,
    response: z.object({ list: z.array(apiPlanSchema) }).meta({ id: "ListPlansResponse" }),
  },
  {
    method: "post",
    path: "/v1/plans.update",
    operationId: "updatePlan",
    summary: "Update a plan",
    description:
      "A change of price or items edits the current version while no customer has it, and makes a new version once one does (force_version: always). " +
      "Customers keep their version until migrated: migration: { draft: false } moves them to the current version, keeping their negotiated price. " +
      "archived is applied as sent (autumn-js sends false unless told). new_plan_id only for a plan no customer ever had. " +
      ENTITY_FEATURE_NOTE +
      " An item that omits entity_feature_id keeps its current one (null removes it)." +
      NOT_SUPPORTED_NOTE,
    tags: PLANS,
    body: updatePlanApiSchema,
    response: apiPlanSchema,
    errors: ["plan_not_found", "plan_in_use", "conflict"],
  },
  {
    method: "post",
    path: "/v1/plans.delete",
    operationId: "deletePlan",
    summary: "Delete a plan",
    description: "Only a plan no customer ever had (with all its versions); otherwise 409 plan_in_use: archive it instead.",
    tags: PLANS,
    body: deletePlanApiSchema,
    response: apiSuccessSchema,
    errors: ["plan_not_found", "plan_in_use"],
  },
]);
