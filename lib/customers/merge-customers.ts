// Merging two customers that turned out to be one (a pending customer and the one its person
// signed up as, or two with ids): everything the merged customer has moves to the survivor, in
// one transaction that locks both rows in a stable order, and the merged customer's ids keep
// answering as the survivor (customer_aliases, resolved on a miss by customer-queries.ts).
//
// What moves: plans with their grants, balances granted on their own, usage events, hourly usage
// rollups (summed per hour, the per-shape ones too), entities (with their balances), invitations,
// the Stripe link and the portal user link; metadata is merged (the survivor wins on a key both have); the survivor keeps
// its id, name and email (taking the merged one's when it has none). When both have a plan that
// would replace the other (the same plan, or two of one group), the paid one stays, else the
// survivor's, and the other ends as `replaced` with its usage carried over, as an upgrade does.
// Refused (409 merge_conflict, details.reason): see MERGE_CONFLICT_REASONS.
import "server-only";
import { Prisma, type Customer, type Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Db, type Tx } from "@/lib/db";
import { DomainError, customerNotFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { emitCustomerMerged, emitLinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { selectRows } from "@/lib/db-rows";
import { CUSTOMER_COLUMNS, findCustomerByRef } from "./customer-queries";
import { customerSnapshot } from "./customer-snapshot";
import { customerTransaction } from "./customer-transaction";
import { mergeCustomersInput, type MergeConflictReason, type MergeCustomersInput } from "./merge-schemas";

type Client = Db | Tx;

export type MergeSide = { internalId: string; id: string | null; name: string | null; email: string | null; pending: boolean; stripeId: string | null };

/** What a merge would do (the dialog's preview) or did. */
export type MergePlan = {
  merged: MergeSide;
  survivor: MergeSide;
  /** Null when the merge may go ahead. */
  conflict: { reason: MergeConflictReason; message: string } | null;
  moves: {
    /** Plan ids of the merged customer's plans that move and stay as they are. */
    plans: string[];
    /** Balances granted on their own (balances.create). */
    balances: number;
    usageEvents: number;
    entities: number;
    invitations: number;
    /** Metadata keys the survivor gains (keys both have keep the survivor's value). */
    metadataKeys: string[];
    stripeLink: boolean;
    portalUser: boolean;
  };
  /** Plans that end as `replaced` because the other customer has one that replaces them. */
  replaced: { customer: "merged" | "survivor"; planId: string; by: string }[];
};

const side = (c: Customer): MergeSide => ({
  internalId: c.id,
  id: c.externalId,
  name: c.name,
  email: c.email,
  pending: c.externalId === null,
  stripeId: c.stripeId,
});

export const mergeConflict = (reason: MergeConflictReason, message: string) => new DomainError("merge_conflict", message, { details: { reason } });

/** What merging `customer_id` into `into` would do, and whether it is refused (nothing is written). */
export async function previewCustomerMerge(ctx: Ctx, input: MergeCustomersInput): Promise<MergePlan> {
  authorize(ctx, "customers:write");
  const data = mergeCustomersInput.parse(input);
  const [merged, survivor] = await Promise.all([findExisting(db(), ctx.env, data.customer_id), findExisting(db(), ctx.env, data.into)]);
  return planMerge(db(), ctx.env, merged, survivor);
}

/**
 * Merges `customer_id` into `into` (both references: id, internal id, or an alias). Audited on
 * both customers; the survivor's Stripe customer is synced when the link moved.
 */
export async function mergeCustomers(ctx: Ctx, input: MergeCustomersInput): Promise<{ survivor: Customer; plan: MergePlan }> {
  authorize(ctx, "customers:write");
  const data = mergeCustomersInput.parse(input);
  return customerTransaction(async (tx) => {
    const [mergedRef, survivorRef] = await Promise.all([findExisting(tx, ctx.env, data.customer_id), findExisting(tx, ctx.env, data.into)]);
    if (mergedRef.id === survivorRef.id) throw mergeConflict("same_customer", "A customer cannot be merged into itself");
    // Both rows locked in one stable order (by internal id): two merges of the same pair, in either direction, cannot deadlock.
    const locked = await tx.$queryRaw<Customer[]>`
      select ${CUSTOMER_COLUMNS} from customers c where c.env = ${ctx.env}::"Env" and c.id in (${mergedRef.id}, ${survivorRef.id}) order by c.id for update`;
    const merged = locked.find((row) => row.id === mergedRef.id);
    const survivor = locked.find((row) => row.id === survivorRef.id);
    if (!merged) throw customerNotFound(data.customer_id);
    if (!survivor) throw customerNotFound(data.into);

    const plan = await planMerge(tx, ctx.env, merged, survivor);
    if (plan.conflict) throw mergeConflict(plan.conflict.reason, plan.conflict.message);
    const after = await applyMerge(tx, ctx, merged, survivor, plan);
    return { survivor: after, plan };
  });
}

async function findExisting(client: Client, env: Env, ref: string): Promise<Customer> {
  const customer = await findCustomerByRef(client, env, ref);
  if (!customer) throw customerNotFound(ref);
  return customer;
}

// ---- Planning: read both customers, decide what moves, find conflicts ---------------------------

type PlanRow = {
  id: string;
  customerId: string;
  planPk: string;
  planId: string;
  group: string | null;
  isAddOn: boolean;
  paidSubscription: boolean;
  paid: boolean;
};

async function readPlans(client: Client, ids: string[]): Promise<PlanRow[]> {
  return selectRows<PlanRow>(
    client,
    Prisma.sql`
      select cp.id, cp.customer_id as "customerId", cp.plan_pk as "planPk", p.plan_id as "planId", p."group", p.is_add_on as "isAddOn",
             (cp.stripe_subscription_id is not null
               or (coalesce(cp.custom_price_amount, pv.price_amount, 0) > 0 and coalesce(pv.price_interval::text, 'month') <> 'one_off')) as "paidSubscription",
             (cp.stripe_subscription_id is not null or coalesce(cp.custom_price_amount, pv.price_amount, 0) > 0) as paid
        from customer_plans cp
        join plans p on p.id = cp.plan_pk
        join plan_versions pv on pv.id = cp.plan_version_id
       where cp.customer_id in (${Prisma.join(ids)}) and cp.status in ('active', 'scheduled')
       order by cp.created_at, cp.id`,
  );
}

/** Whether one of the two plans would replace the other on one customer (activateCustomerPlan's rule). */
const replacesEachOther = (a: PlanRow, b: PlanRow) => a.planPk === b.planPk || (!a.isAddOn && !b.isAddOn && a.group !== null && a.group === b.group);

/** The portal user a customer belongs to: linked to it, or the user whose id is the customer's id. */
async function portalUserOf(client: Client, customer: Customer): Promise<string | null> {
  if (customer.linkedUserId) return customer.linkedUserId;
  if (!customer.externalId) return null;
  const user = await client.user.findUnique({ where: { id: customer.externalId }, select: { id: true } });
  return user?.id ?? null;
}

/** The tables other work adds (invitations): counted and moved only where they exist. */
async function optionalTables(client: Client): Promise<{ invitations: boolean; owner: boolean }> {
  const [row] = await selectRows<{ invitations: boolean; owner: boolean }>(
    client,
    Prisma.sql`select to_regclass('customer_invitations') is not null as invitations,
                      exists (select 1 from information_schema.columns where table_name = 'customers' and column_name = 'owner_id') as owner`,
  );
  return row ?? { invitations: false, owner: false };
}

async function planMerge(client: Client, env: Env, merged: Customer, survivor: Customer): Promise<MergePlan> {
  const ids = [merged.id, survivor.id];
  const [plans, entityClash, balanceClash, counts, mergedUser, survivorUser, optional] = await Promise.all([
    readPlans(client, ids),
    selectRows<{ externalId: string }>(
      client,
      Prisma.sql`select m.external_id as "externalId" from entities m join entities s on s.customer_id = ${survivor.id} and s.external_id = m.external_id and s.deleted_at is null
                  where m.customer_id = ${merged.id} and m.deleted_at is null limit 1`,
    ),
    selectRows<{ balanceId: string }>(
      client,
      Prisma.sql`select m.balance_id as "balanceId" from grants m join grants s on s.customer_id = ${survivor.id} and s.balance_id = m.balance_id
                  where m.customer_id = ${merged.id} and m.balance_id is not null limit 1`,
    ),
    selectRows<{ balances: number; usageEvents: number; entities: number }>(
      client,
      Prisma.sql`select (select count(*) from grants where customer_id = ${merged.id} and customer_plan_id is null)::int as balances,
                        (select count(*) from usage_events where customer_id = ${merged.id})::int as "usageEvents",
                        (select count(*) from entities where customer_id = ${merged.id} and deleted_at is null)::int as entities`,
    ),
    portalUserOf(client, merged),
    portalUserOf(client, survivor),
    optionalTables(client),
  ]);
  const invitations = optional.invitations
    ? ((await selectRows<{ n: number }>(client, Prisma.sql`select count(*)::int as n from customer_invitations where customer_id = ${merged.id}`))[0]?.n ?? 0)
    : 0;

  const mine = plans.filter((p) => p.customerId === merged.id);
  const theirs = plans.filter((p) => p.customerId === survivor.id);
  const mergedMetadata = (merged.metadata ?? {}) as Record<string, unknown>;
  const survivorMetadata = (survivor.metadata ?? {}) as Record<string, unknown>;

  const replaced: MergePlan["replaced"] = [];
  for (const m of mine) {
    const clash = theirs.find((s) => replacesEachOther(m, s));
    if (!clash) continue;
    // The paid one stays (both paid is a conflict, below); else the survivor's.
    if (m.paid && !clash.paid) replaced.push({ customer: "survivor", planId: clash.planId, by: m.planId });
    else replaced.push({ customer: "merged", planId: m.planId, by: clash.planId });
  }

  const plan: MergePlan = {
    merged: side(merged),
    survivor: side(survivor),
    conflict: null,
    moves: {
      plans: mine.filter((m) => !replaced.some((r) => r.customer === "merged" && r.planId === m.planId)).map((m) => m.planId),
      balances: counts[0]?.balances ?? 0,
      usageEvents: counts[0]?.usageEvents ?? 0,
      entities: counts[0]?.entities ?? 0,
      invitations,
      metadataKeys: Object.keys(mergedMetadata).filter((key) => !(key in survivorMetadata)),
      stripeLink: merged.stripeId !== null && survivor.stripeId === null,
      portalUser: mergedUser !== null && survivorUser === null && mergedUser !== survivor.externalId,
    },
    replaced,
  };

  const conflict = (reason: MergeConflictReason, message: string) => ({ ...plan, conflict: { reason, message } });
  const name = (c: Customer) => c.externalId ?? c.email ?? c.id;
  if (merged.id === survivor.id) return conflict("same_customer", "A customer cannot be merged into itself");
  if (survivor.externalId === null && merged.externalId !== null)
    return conflict("survivor_pending", `${name(survivor)} has no id yet: merge it into ${name(merged)} instead, so the id stays`);
  if (merged.stripeId && survivor.stripeId && merged.stripeId !== survivor.stripeId)
    return conflict("two_stripe_customers", `Both customers are linked to a Stripe customer (${merged.stripeId} and ${survivor.stripeId}): unlink one first`);
  const mergedPaid = mine.find((p) => p.paidSubscription);
  const survivorPaid = theirs.find((p) => p.paidSubscription);
  if (mergedPaid && survivorPaid)
    return conflict(
      "two_paid_subscriptions",
      mergedPaid.planPk === survivorPaid.planPk
        ? `Both customers have the paid plan ${mergedPaid.planId}: cancel one first`
        : `Both customers have a paid subscription (${mergedPaid.planId} and ${survivorPaid.planId}): cancel one first`,
    );
  if (mergedUser && survivorUser && mergedUser !== survivorUser)
    return conflict("two_portal_users", "Both customers belong to a signed-up user of the portal: they are two people");
  if (entityClash[0])
    return conflict("entity_id_taken", `Both customers have an entity ${entityClash[0].externalId}: delete or rename one first`);
  if (balanceClash[0])
    return conflict("balance_id_taken", `Both customers have a balance ${balanceClash[0].balanceId}: delete one first`);
  return plan;
}

// ---- Applying: move everything, then delete the merged row and leave its ids as aliases --------

async function applyMerge(tx: Tx, ctx: Ctx, merged: Customer, survivor: Customer, plan: MergePlan): Promise<Customer> {
  const from = merged.id;
  const to = survivor.id;
  const now = new Date();
  const plans = await readPlans(tx, [from, to]);
  const ended = plan.replaced.map((r) => {
    const owner = r.customer === "merged" ? from : to;
    const keeper = r.customer === "merged" ? to : from;
    const gone = plans.find((p) => p.customerId === owner && p.planId === r.planId)!;
    const kept = plans.find((p) => p.customerId === keeper && p.planId === r.by)!;
    return { gone, kept };
  });

  // Replaced plans: their active grants' usage carries over to the kept plan's grant of the same feature.
  for (const { gone, kept } of ended) {
    await tx.$executeRaw`
      update grants k set usage = k.usage + g.usage
        from grants g
       where g.customer_plan_id = ${gone.id} and g.active and g.entity_feature_pk is null
         and k.customer_plan_id = ${kept.id} and k.feature_pk = g.feature_pk and k.entity_feature_pk is null`;
    await tx.$executeRaw`update grants set active = false, updated_at = ${now} where customer_plan_id = ${gone.id}`;
    await tx.$executeRaw`update customer_plans set status = 'replaced', ends_at = ${now}, updated_at = ${now} where id = ${gone.id}`;
  }

  // Everything keyed by the customer moves.
  await tx.$executeRaw`update customer_plans set customer_id = ${to}, updated_at = ${now} where customer_id = ${from}`;
  await tx.$executeRaw`update grants set customer_id = ${to}, updated_at = ${now} where customer_id = ${from}`;
  await tx.$executeRaw`update entities set customer_id = ${to}, updated_at = ${now} where customer_id = ${from}`;
  await tx.$executeRaw`update usage_events set customer_id = ${to} where customer_id = ${from}`;
  // The invoices mirror is billing history: the customer row's delete below would cascade it away.
  await tx.$executeRaw`update invoices set customer_id = ${to}, updated_at = ${now} where customer_id = ${from}`;
  await tx.$executeRaw`
    insert into usage_rollups (customer_id, feature_pk, env, hour, value, count)
    select ${to}, r.feature_pk, r.env, r.hour, r.value, r.count from usage_rollups r where r.customer_id = ${from}
    on conflict (customer_id, feature_pk, hour) do update set value = usage_rollups.value + excluded.value, count = usage_rollups.count + excluded.count`;
  await tx.$executeRaw`delete from usage_rollups where customer_id = ${from}`;
  // The per-shape rollups (events.aggregate by property or entity): the same rows, one per group key.
  await tx.$executeRaw`
    insert into usage_property_rollups (customer_id, feature_pk, env, hour, group_key, entity_id, properties, value, count)
    select ${to}, r.feature_pk, r.env, r.hour, r.group_key, r.entity_id, r.properties, r.value, r.count from usage_property_rollups r where r.customer_id = ${from}
    on conflict (customer_id, feature_pk, hour, group_key)
    do update set value = usage_property_rollups.value + excluded.value, count = usage_property_rollups.count + excluded.count`;
  await tx.$executeRaw`delete from usage_property_rollups where customer_id = ${from}`;
  const optional = await optionalTables(tx);
  if (optional.invitations) await tx.$executeRaw`update customer_invitations set customer_id = ${to} where customer_id = ${from}`;
  // Aliases that named the merged customer (an earlier merge into it) now name the survivor.
  await tx.$executeRaw`update customer_aliases set customer_id = ${to} where customer_id = ${from}`;

  // The survivor takes the merged customer's owner when it has none.
  if (optional.owner) await tx.$executeRaw`update customers s set owner_id = m.owner_id from customers m where s.id = ${to} and m.id = ${from} and s.owner_id is null`;

  // The merged row goes (freeing its id, Stripe link and portal link), its ids stay as aliases.
  await tx.$executeRaw`delete from customers where id = ${from}`;
  const aliases = [from, ...(merged.externalId ? [merged.externalId] : [])];
  for (const alias of aliases) {
    await tx.$executeRaw`
      insert into customer_aliases (env, alias_id, customer_id, merged_customer_id) values (${ctx.env}::"Env", ${alias}, ${to}, ${from})
      on conflict (env, alias_id) do update set customer_id = excluded.customer_id, merged_customer_id = excluded.merged_customer_id`;
  }

  const mergedMetadata = (merged.metadata ?? {}) as Record<string, unknown>;
  const survivorMetadata = (survivor.metadata ?? {}) as Record<string, unknown>;
  const mergedUser = plan.moves.portalUser ? (merged.linkedUserId ?? merged.externalId) : null;
  const after = await tx.customer.update({
    where: { id: to },
    data: {
      metadata: { ...mergedMetadata, ...survivorMetadata } as Prisma.InputJsonObject,
      ...(survivor.name ? {} : merged.name ? { name: merged.name } : {}),
      ...(survivor.email ? {} : merged.email ? { email: merged.email, emailNormalized: merged.emailNormalized } : {}),
      ...(plan.moves.stripeLink ? { stripeId: merged.stripeId } : {}),
      ...(mergedUser ? { linkedUserId: mergedUser } : {}),
      ...(survivor.fingerprint ? {} : merged.fingerprint ? { fingerprint: merged.fingerprint } : {}),
    },
  });

  // The Stripe customer now belongs to the survivor: billing brings its name, email and id over (outbox).
  if (plan.moves.stripeLink) await emitLinkedCustomerChanged(tx, ctx.env, after);
  // For those who follow customers (outbound webhooks): the survivor changed, the merged one is gone.
  await emitCustomerMerged(tx, ctx.env, {
    survivorId: to,
    survivorExternalId: after.externalId,
    mergedId: from,
    mergedExternalId: merged.externalId,
    mergedAt: now.toISOString(),
  });

  const summary = { moves: plan.moves, replaced: plan.replaced };
  await recordAuditEvent(tx, ctx, {
    action: "customer.merged",
    targetType: "customer",
    targetId: to,
    customerId: to,
    target: { ...customerSnapshot(after), merged: customerSnapshot(merged) },
    before: { ...customerSnapshot(survivor), metadata: survivorMetadata as Prisma.InputJsonObject },
    after: { ...customerSnapshot(after), metadata: after.metadata as Prisma.InputJsonObject, ...summary } as Prisma.InputJsonObject,
  });
  await recordAuditEvent(tx, ctx, {
    action: "customer.merged_into",
    targetType: "customer",
    targetId: from,
    customerId: from,
    target: { ...customerSnapshot(merged), survivor: customerSnapshot(after) },
    before: { ...customerSnapshot(merged), metadata: mergedMetadata as Prisma.InputJsonObject },
    after: { survivor: customerSnapshot(after), ...summary } as Prisma.InputJsonObject,
  });
  return after;
}
