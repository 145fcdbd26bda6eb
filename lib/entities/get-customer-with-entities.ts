import "server-only";
import { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { getCustomer } from "@/lib/customers/get-customer";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { getCustomerInput, type GetCustomerInput, type GetOrCreateCustomerInput } from "@/lib/customers/schemas";
import type { ApiCustomer } from "@/lib/customers/customer-object";
import { entitiesByPk } from "./entity-rows";
import { toApiCustomerEntity } from "./shape-entities";

// customers.get and customers.get_or_create answer the customer's live entities (oldest first)
// when `expand` asks for "entities" (useCustomer({ expand: ["entities"] }) goes through
// get_or_create). The entities area adds them, so the customers area does not depend on it.

async function withEntities(ctx: Ctx, customer: ApiCustomer, ref: string | null): Promise<ApiCustomer> {
  const row = ref === null ? null : await findCustomerByRef(db(), ctx.env, ref);
  if (!row) return { ...customer, entities: [] };
  const ids = await selectRows<{ id: string }>(db(), Prisma.sql`
    select id from entities where env = ${ctx.env}::"Env" and customer_id = ${row.id} and deleted_at is null order by id`);
  const entities = await entitiesByPk(db(), ctx.env, ids.map((entity) => entity.id));
  return { ...customer, entities: entities.map(toApiCustomerEntity) };
}

export async function getCustomerWithEntities(ctx: Ctx, input: GetCustomerInput): Promise<ApiCustomer> {
  const customer = await getCustomer(ctx, input);
  const { customer_id, expand } = getCustomerInput.parse(input);
  return expand?.includes("entities") ? withEntities(ctx, customer, customer_id) : customer;
}

export async function getOrCreateCustomerWithEntities(ctx: Ctx, input: GetOrCreateCustomerInput): Promise<ApiCustomer> {
  authorize(ctx, "customers:write");
  // getOrCreateCustomer validated the input (it throws otherwise), and `expand` leaves the schema
  // as it came in: no second parse of the whole body for that one field.
  const customer = await getOrCreateCustomer(ctx, input);
  const { expand } = input;
  // A pending customer (no id yet) is answered without entities: the application has no id to create them under.
  return expand?.includes("entities") ? withEntities(ctx, customer, customer.id) : customer;
}
