// Public events: what an outside system may want to hear of (a customer was created, claimed,
// updated; a plan was enabled or canceled; a balance ran out). The area that makes the change
// emits one in its own transaction, like every domain event (domain-events.ts); outbound webhooks
// (lib/webhooks-out) subscribe at the composition point and fan each one out to the
// environment's endpoints. The event is frozen here, at the change: a customer edited again a
// second later does not rewrite what this event says.
//
// The job kind names what the subscriber does (as the other domain events' kinds do).
import "server-only";
import type { Customer, Env, Prisma } from "@/lib/generated/prisma";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { enqueueOutboxJob } from "./enqueue-outbox-job";

export const PUBLIC_EVENT_PUBLISHED = "webhooks.fan_out";

export const PUBLIC_EVENT_TYPES = [
  "customer.created",
  "customer.claimed",
  "customer.updated",
  "customer.plan.enabled",
  "customer.plan.canceled",
  "balance.limit_reached",
] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

/** A lean customer, in the API's field names (the full object, with balances, is one `customers.get` away). */
export type PublicCustomer = {
  id: string | null;
  internal_id: string;
  name: string | null;
  email: string | null;
  fingerprint: string | null;
  stripe_id: string | null;
  env: Env;
  created_at: number;
  metadata: Record<string, unknown>;
};

/** The body every endpoint receives: `{ type, timestamp, data }`; `id` travels as the `webhook-id` header. */
export type PublicEvent = { id: string; type: PublicEventType | "webhook.test"; timestamp: string; data: { customer?: PublicCustomer } & Record<string, unknown> };

export function publicCustomer(row: Pick<Customer, "id" | "externalId" | "name" | "email" | "fingerprint" | "stripeId" | "env" | "createdAt" | "metadata">): PublicCustomer {
  return {
    id: row.externalId,
    internal_id: row.id,
    name: row.name,
    email: row.email,
    fingerprint: row.fingerprint,
    stripe_id: row.stripeId,
    env: row.env,
    created_at: row.createdAt.getTime(),
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
  };
}

/**
 * In the transaction of the change: the event exists if and only if the change committed. Only
 * when an enabled endpoint of the environment wants this type (one indexed read): no endpoint,
 * no job, so the hot paths pay nothing for webhooks nobody registered. An endpoint receives the
 * events of changes that happen after it was saved.
 */
export async function emitPublicEvent(tx: Tx, env: Env, type: PublicEventType, data: PublicEvent["data"], at = new Date()): Promise<string | null> {
  const [id] = await emitPublicEvents(tx, env, type, [data], at);
  return id ?? null;
}

/** One event per item, with the endpoint read done once (a bulk import creates a batch of customers at a time). */
export async function emitPublicEvents(tx: Tx, env: Env, type: PublicEventType, items: PublicEvent["data"][], at = new Date()): Promise<string[]> {
  if (items.length === 0) return [];
  const listening = await tx.webhookEndpoint.findFirst({ where: { env, enabled: true, eventTypes: { has: type } }, select: { id: true } });
  if (!listening) return [];
  const ids: string[] = [];
  for (const data of items) {
    const event: PublicEvent = { id: newId("msg"), type, timestamp: at.toISOString(), data };
    await enqueueOutboxJob(tx, { env, kind: PUBLIC_EVENT_PUBLISHED, payload: event as unknown as Prisma.InputJsonValue });
    ids.push(event.id);
  }
  return ids;
}

export const emitCustomerCreated = (tx: Tx, customer: Customer) => emitPublicEvent(tx, customer.env, "customer.created", { customer: publicCustomer(customer) });

type PublicCustomerFields = Parameters<typeof publicCustomer>[0];
/** customer.created for each of several customers created together (the bulk import). */
export const emitCustomersCreated = (tx: Tx, env: Env, customers: PublicCustomerFields[]) =>
  emitPublicEvents(tx, env, "customer.created", customers.map((customer) => ({ customer: publicCustomer(customer) })));

/** `changed`: the API names of the fields that changed (id, name, email, metadata, ...). */
export const emitCustomerUpdated = (tx: Tx, customer: Customer, changed: string[]) =>
  emitPublicEvent(tx, customer.env, "customer.updated", { customer: publicCustomer(customer), changed_fields: changed });

// customer.claimed comes from the claim's own domain event (CUSTOMER_CLAIMED in domain-events.ts),
// which webhooks subscribe to like the owner's alert does; a merge (CUSTOMER_MERGED) reaches
// endpoints as customer.updated of the survivor.

export type PublicCustomerPlan = {
  id: string;
  plan_id: string;
  status: string;
  started_at: number | null;
  expires_at: number | null;
  canceled_at: number | null;
};

type CustomerPlanFields = { id: string; status: string; startsAt: Date | null; endsAt: Date | null; canceledAt: Date | null; customerId: string };

const planFields = (cp: CustomerPlanFields, planId: string): PublicCustomerPlan => ({
  id: cp.id,
  plan_id: planId,
  status: cp.status,
  started_at: cp.startsAt?.getTime() ?? null,
  expires_at: cp.endsAt?.getTime() ?? null,
  canceled_at: cp.canceledAt?.getTime() ?? null,
});

/** `customer`: the plan's customer as the caller already read it in this transaction (else read here). */
async function emitPlanEvent(tx: Tx, type: "customer.plan.enabled" | "customer.plan.canceled", cp: CustomerPlanFields, planId: string, known?: PublicCustomerFields) {
  const customer = known ?? (await tx.customer.findUnique({ where: { id: cp.customerId } }));
  if (!customer) return;
  await emitPublicEvent(tx, customer.env, type, { customer: publicCustomer(customer), plan: planFields(cp, planId) });
}

/** A plan was enabled for a customer (active now, or scheduled to start). */
export const emitCustomerPlanEnabled = (tx: Tx, cp: CustomerPlanFields, planId: string, customer?: PublicCustomerFields) =>
  emitPlanEvent(tx, "customer.plan.enabled", cp, planId, customer);

/** A customer plan was canceled (it stops counting at once; a scheduled one never starts). */
export const emitCustomerPlanCanceled = (tx: Tx, cp: CustomerPlanFields, planId: string, customer?: PublicCustomerFields) =>
  emitPlanEvent(tx, "customer.plan.canceled", cp, planId, customer);

export type LimitReached = {
  customer: Customer;
  featureId: string;
  entityId: string | null;
  balance: { granted: number; usage: number; remaining: number };
};

/** A metered balance went from some remaining to none: once per crossing, never for a refused check. */
export const emitBalanceLimitReached = (tx: Tx, event: LimitReached) =>
  emitPublicEvent(tx, event.customer.env, "balance.limit_reached", {
    customer: publicCustomer(event.customer),
    feature_id: event.featureId,
    ...(event.entityId ? { entity_id: event.entityId } : {}),
    balance: event.balance,
  });
