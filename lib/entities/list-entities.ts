import "server-only";
import { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { customerByRef, type KnownCustomerArg } from "@/lib/customers/customer-queries";
import { listEntitiesInput, type ListEntitiesInput } from "./schemas";
import { entitiesByPk } from "./entity-rows";
import { shapeEntities } from "./shape-entities";
import type { ApiEntityList } from "./entity-object";

// Entity ids are ULIDs (`ent_` + 26 characters): their order is creation order, so the cursor is
// simply the last id of the page.
const CURSOR = /^ent_[0-9a-z]{26}$/;

/**
 * Live entities of the environment, oldest first, a page at a time; optionally one customer's,
 * those matching a search (id or name), or those whose customer has one of `plans`.
 */
export async function listEntities(ctx: Ctx, input: ListEntitiesInput, options: { now?: Date; known?: KnownCustomerArg } = {}): Promise<ApiEntityList> {
  authorize(ctx, "customers:read");
  const data = listEntitiesInput.parse(input);
  if (data.start_cursor !== "" && !CURSOR.test(data.start_cursor)) throw invalidInputs("start_cursor", "not a cursor this API returned");
  let customerPk: string | null = null;
  if (data.customer_id !== undefined) {
    const customer = await customerByRef(db(), ctx.env, data.customer_id, options.known);
    if (!customer) throw customerNotFound(data.customer_id);
    customerPk = customer.id;
  }
  const search = data.search?.trim() ? `%${data.search.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const planIds = data.plans?.map((plan) => plan.id) ?? null;
  const statuses = data.subscription_status ? [data.subscription_status] : ["active", "scheduled"];
  const processors = data.processors ?? null;

  const ids = await selectRows<{ id: string }>(db(), Prisma.sql`
    select e.id from entities e
      join customers c on c.id = e.customer_id
     where e.env = ${ctx.env}::"Env" and e.deleted_at is null
       and (${customerPk}::text is null or e.customer_id = ${customerPk}::text)
       and (${data.start_cursor} = '' or e.id > ${data.start_cursor})
       and (${search}::text is null or lower(e.external_id) like ${search}::text or lower(coalesce(e.name, '')) like ${search}::text)
       and (${processors}::text[] is null or ('stripe' = any(${processors}::text[]) and c.stripe_id is not null))
       and (${planIds}::text[] is null or exists (
             select 1 from customer_plans cp join plans p on p.id = cp.plan_pk
              where cp.customer_id = e.customer_id and p.plan_id = any(${planIds}::text[]) and cp.status::text = any(${statuses}::text[])))
     order by e.id
     limit ${data.limit + 1}`);
  const page = ids.slice(0, data.limit);
  const rows = await entitiesByPk(db(), ctx.env, page.map((row) => row.id));
  return {
    list: await shapeEntities(ctx.env, rows, options.now),
    next_cursor: ids.length > data.limit ? page[page.length - 1]!.id : null,
  };
}
