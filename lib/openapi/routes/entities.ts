// The entity routes (RPC form, as autumn-js calls them).
import { z } from "zod";
import { apiEntityListSchema, apiEntitySchema } from "@/lib/entities/entity-object";
import { createEntityInput, deleteEntityInput, getEntityInput, listEntitiesInput, updateEntityInput } from "@/lib/entities/schemas";
import { defineApiRoutes } from "../registry";

const deleteResponse = z.object({ success: z.literal(true) }).meta({ id: "DeleteEntityResponse" });

export const entityRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/entities.create",
    operationId: "createEntity",
    summary: "Create an entity",
    description:
      "Creates an entity (a seat, a workspace) under a customer and a continuous-use feature. It takes one unit of the customer's " +
      "balance of that feature; past the balance (and without overage) 400 feature_limit_reached. A customer with no balance of the " +
      "feature gets the entity uncounted. Each entity has its own balance of every per-entity feature of the customer's plans.",
    tags: ["Entities"],
    body: createEntityInput,
    response: apiEntitySchema,
    errors: ["customer_not_found", "feature_not_found", "feature_limit_reached", "entity_already_exists", "not_supported"],
  },
  {
    method: "post",
    path: "/v1/entities.get",
    operationId: "getEntity",
    summary: "Get an entity",
    description: "The entity with its own balances. Without customer_id the entity id is looked up among all customers (400 when two use it).",
    tags: ["Entities"],
    body: getEntityInput,
    response: apiEntitySchema,
    errors: ["customer_not_found", "entity_not_found"],
  },
  {
    method: "post",
    path: "/v1/entities.list",
    operationId: "listEntities",
    summary: "List entities",
    description: "Live entities, oldest first, a page at a time (next_cursor → start_cursor); filters: customer_id, search, plans, processors.",
    tags: ["Entities"],
    body: listEntitiesInput,
    response: apiEntityListSchema,
    errors: ["customer_not_found"],
  },
  {
    method: "post",
    path: "/v1/entities.update",
    operationId: "updateEntity",
    summary: "Update an entity",
    description: "Renames the entity (name, an Equinox extension). billing_controls are not supported yet: 501 not_supported.",
    tags: ["Entities"],
    body: updateEntityInput,
    response: apiEntitySchema,
    errors: ["customer_not_found", "entity_not_found", "not_supported"],
  },
  {
    method: "post",
    path: "/v1/entities.delete",
    operationId: "deleteEntity",
    summary: "Delete an entity",
    description: "Gives the entity's unit back to the customer's balance and drops its per-entity usage; its id can be used again.",
    tags: ["Entities"],
    body: deleteEntityInput,
    response: deleteResponse,
    errors: ["customer_not_found", "entity_not_found"],
  },
]);
