// Reading entity rows: finding the live entity an (optional customer, entity id) pair names.
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { DomainError, customerNotFound } from "@/lib/errors";
import { customerPkByRefSql } from "@/lib/customers/customer-ref-sql";
import { dueFromRows, type DueCustomers } from "@/lib/plans/apply-due-changes";
import { entityNotFound } from "./entity-errors";
import { entityGrantRowsSql, type EntityGrantRow } from "./entity-balances";

/** An entity row with what its API object needs from the customer and the feature. */
export type EntityRow = {
  id: string;
  env: Env;
  customerId: string;
  externalId: string;
  name: string | null;
  featurePk: string;
  createdAt: Date;
  featureId: string;
  customerApiId: string;
};

const ENTITY_SELECT = Prisma.sql`
  select e.id, e.env::text as env, e.customer_id as "customerId", e.external_id as "externalId", e.name,
         e.feature_pk as "featurePk", e.created_at as "createdAt", f.feature_id as "featureId",
         coalesce(c.external_id, c.id) as "customerApiId"
    from entities e
    join customers c on c.id = e.customer_id
    join features f on f.id = e.feature_pk`;

export async function entitiesByPk(client: Db | Tx, env: Env, ids: string[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return selectRows<EntityRow>(client, Prisma.sql`${ENTITY_SELECT} where e.env = ${env}::"Env" and e.id = any(${ids}::text[]) order by e.id`);
}

/**
 * The live entity `entityId` names: among the customer's when `customerRef` is given (404
 * customer_not_found if there is no such customer), else among all customers of the environment
 * (an id two customers use is ambiguous: 400, pass customer_id). With a customer, one statement
 * resolves it and reads its entity (a row with a null id: the customer has no such entity).
 */
export async function findLiveEntity(
  client: Db | Tx,
  env: Env,
  ref: { customerRef?: string; entityId: string },
  options: { grants?: boolean } = {},
): Promise<EntityRowWithDue> {
  const rows =
    ref.customerRef === undefined
      ? await selectRows<EntityRowWithDue>(client, Prisma.sql`${ENTITY_SELECT}
         where e.env = ${env}::"Env" and e.external_id = ${ref.entityId} and e.deleted_at is null
         order by e.id
         limit 2`)
      : await customersEntity(client, env, ref.customerRef, ref.entityId, options.grants === true);
  if (rows.length === 0 || rows[0]!.id === null) throw entityNotFound(ref.entityId);
  if (rows.length > 1) {
    throw new DomainError("invalid_request", `Entity ${ref.entityId} exists for several customers: pass customer_id to say whose`, { field: "customer_id" });
  }
  return rows[0]!;
}

/**
 * What decides whether the customer has a plan start or end, or a balance reset, due (dueFromRows
 * in apply-due-changes.ts): its active and scheduled plans and the earliest next reset of its
 * active grants, read with the entity so that entities.get needs no statement of its own for it.
 */
export type DueCandidates = { plans: { status: string; startsAt: string; endsAt: string | null }[] | null; nextResetAt: Date | null };

/**
 * The customer's live entity row; `dueCandidates`: what decides what was due for its customer when
 * it was read; `grantRows`: its balances' rows as they were then (findLiveEntity's `grants`).
 */
export type EntityRowWithDue = EntityRow & { dueCandidates?: DueCandidates; grantRows?: EntityGrantRow[] };

/** What is due for the entity's customer at `now`, from the candidates read with it (undefined: not read). */
export function dueOfEntityRow(row: EntityRowWithDue, now: Date): DueCustomers | undefined {
  const candidates = row.dueCandidates;
  if (!candidates) return undefined;
  const plans = (candidates.plans ?? []).map((plan) => ({
    customerId: row.customerId,
    status: plan.status,
    startsAt: new Date(plan.startsAt),
    endsAt: plan.endsAt === null ? null : new Date(plan.endsAt),
  }));
  return dueFromRows(plans, [{ customerId: row.customerId, active: true, nextResetAt: candidates.nextResetAt }], now);
}

/**
 * The customer's live entity rows of that id (at most one: the id is unique among a customer's
 * live entities) with its customer's due candidates (and with `grants`, its balances' rows), or one
 * row with a null id when the customer has none; [] when no customer has that reference.
 */
async function customersEntity(client: Db | Tx, env: Env, customerRef: string, entityId: string, grants: boolean): Promise<EntityRowWithDue[]> {
  const grantRows = grants
    ? Prisma.raw(`, (select json_agg(b order by b.grant_id) from (${entityGrantRowsSql({ id: "x.id", customerId: 'x."customerId"', featurePk: 'x."featurePk"' })}) b) as "grantRows"`)
    : Prisma.empty;
  const rows = await selectRows<EntityRowWithDue & { refPk: string | null; duePlans: DueCandidates["plans"]; dueResetAt: Date | null }>(client, Prisma.sql`
    select x.*, r.pk as "refPk",
           (select json_agg(json_build_object('status', cp.status, 'startsAt', cp.starts_at, 'endsAt', cp.ends_at))
              from customer_plans cp where cp.customer_id = x."customerId" and cp.status in ('active', 'scheduled')) as "duePlans",
           (select min(g.next_reset_at) from grants g where g.customer_id = x."customerId" and g.active) as "dueResetAt"${grantRows}
      from (select ${env}::text as env, ${customerRef}::text as ref) q
      cross join lateral (select ${Prisma.raw(customerPkByRefSql("q.env", "q.ref"))} as pk) r
      left join lateral (${ENTITY_SELECT}
         where e.env = ${env}::"Env" and e.external_id = ${entityId} and e.deleted_at is null and e.customer_id = r.pk
         order by e.id
         limit 2) x on true`);
  if (rows[0]!.refPk === null) throw customerNotFound(customerRef);
  return rows.map(({ refPk: _refPk, duePlans, dueResetAt, grantRows, ...row }) => ({
    ...row,
    dueCandidates: { plans: duePlans, nextResetAt: dueResetAt },
    ...(grants ? { grantRows: grantRows ?? [] } : {}),
  }));
}
