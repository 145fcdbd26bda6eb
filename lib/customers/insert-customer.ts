// Creating a customer row, shared by get-or-create (API, sign-in hook) and the dashboard's form:
// the row, the environment's default plans and the audit event, in the caller's transaction.
import "server-only";
import { Prisma, type Customer } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { recordAuditEvent, type AuditInput } from "@/lib/audit/record-audit-event";
import { enableDefaultPlans } from "@/lib/plans/enable-default-plans";
import { emitCustomerCreated } from "@/lib/outbox/public-events";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { CUSTOMER_COLUMNS } from "./customer-queries";
import { customerSnapshot } from "./customer-snapshot";

export type NewCustomer = {
  externalId: string | null;
  name?: string | null;
  email?: string | null;
  fingerprint?: string | null;
  stripeId?: string | null;
  metadata?: Record<string, unknown> | null;
  sendEmailReceipts?: boolean;
  /** The staff member who follows it up; by default the acting staff member (none for the API or a sign-in). */
  ownerId?: string | null;
};

/** A new customer's owner: the one named, else the staff member creating it. */
export function defaultOwnerId(ctx: Ctx, ownerId?: string | null): string | null {
  if (ownerId !== undefined) return ownerId;
  return ctx.actor.kind === "staff" ? ctx.actor.userId : null;
}

/** Metadata as stored: keys set to null are dropped (null means "no value", as in updates). */
export function withoutNullValues(metadata: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * Inserts the customer unless its id (or, for a pending customer, its email) is already taken, in
 * which case it returns null and changes nothing: the caller reads the winner. Any other unique
 * index (the Stripe id) raises as usual.
 */
export async function insertCustomer(tx: Tx, ctx: Ctx, data: NewCustomer): Promise<Customer | null> {
  const rows = await tx.$queryRaw<Customer[]>(insertCustomerStatement(ctx, data, newId("cus")));
  const customer = rows[0];
  if (!customer) return null;

  // A step added here must be added to createCustomerInOneStatement too (or make it step aside).
  // customer.created for outbound webhooks, before the default plans' customer.plan.enabled.
  await emitCustomerCreated(tx, customer);
  await enableDefaultPlans(tx, ctx, customer.id);
  await recordAuditEvent(tx, ctx, customerCreatedAudit(customer));
  return customer;
}

/**
 * The INSERT of a new customer row (the id given), returning it unless its id (or, for a pending
 * customer, its email) is already taken. insertCustomer runs it in a transaction; /v1's
 * get-or-create runs it with its audit event as one statement (create-customer-statement.ts),
 * with `onlyIf`: a condition checked by the INSERT itself (no row when it is false).
 */
export function insertCustomerStatement(ctx: Ctx, data: NewCustomer, id: string, onlyIf?: Prisma.Sql): Prisma.Sql {
  const emailNormalized = normalizeEmail(data.email);
  const metadata = JSON.stringify(withoutNullValues(data.metadata));
  // The owner only while that user exists (a scripted staff context may name none).
  const ownerId = defaultOwnerId(ctx, data.ownerId);
  // ON CONFLICT DO NOTHING rather than catching the violation: a failed statement would abort the
  // whole transaction, while this one waits for a concurrent creator and then simply returns no row.
  const rows = onlyIf ? (values: Prisma.Sql) => Prisma.sql`select ${values} where ${onlyIf}` : (values: Prisma.Sql) => Prisma.sql`values (${values})`;
  return data.externalId !== null
    ? Prisma.sql`
          insert into customers as c (id, env, external_id, name, email, email_normalized, fingerprint, stripe_id, metadata,
                                      send_email_receipts, updated_at, created_by_kind, created_by_id, created_by_label, owner_id)
          ${rows(Prisma.sql`${id}, ${ctx.env}::"Env", ${data.externalId}, ${data.name ?? null}, ${data.email ?? null}, ${emailNormalized},
                  ${data.fingerprint ?? null}, ${data.stripeId ?? null}, ${metadata}::jsonb, ${data.sendEmailReceipts ?? false}::boolean, now(),
                  ${actorKind(ctx.actor)}::"ActorKind", ${actorId(ctx.actor)}, ${actorLabel(ctx.actor)},
                  (select u.id from users u where u.id = ${ownerId})`)}
          on conflict (env, external_id) do nothing
          returning ${CUSTOMER_COLUMNS}`
    : Prisma.sql`
          insert into customers as c (id, env, external_id, name, email, email_normalized, fingerprint, stripe_id, metadata,
                                      send_email_receipts, updated_at, created_by_kind, created_by_id, created_by_label, owner_id)
          values (${id}, ${ctx.env}::"Env", null, ${data.name ?? null}, ${data.email ?? null}, ${emailNormalized},
                  ${data.fingerprint ?? null}, ${data.stripeId ?? null}, ${metadata}::jsonb, ${data.sendEmailReceipts ?? false}::boolean, now(),
                  ${actorKind(ctx.actor)}::"ActorKind", ${actorId(ctx.actor)}, ${actorLabel(ctx.actor)},
                  (select u.id from users u where u.id = ${ownerId}))
          on conflict (env, email_normalized) where external_id is null do nothing
          returning ${CUSTOMER_COLUMNS}`;
}

type CreatedFields = Pick<Customer, "id" | "externalId" | "name" | "email" | "fingerprint" | "stripeId" | "metadata" | "sendEmailReceipts">;

/** The audit event of a creation: what the new row holds. */
export function customerCreatedAudit(customer: CreatedFields): AuditInput {
  return {
    action: "customer.created",
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: customerSnapshot(customer),
    after: {
      id: customer.externalId,
      name: customer.name,
      email: customer.email,
      fingerprint: customer.fingerprint,
      stripe_id: customer.stripeId,
      metadata: customer.metadata as object,
      send_email_receipts: customer.sendEmailReceipts,
    },
  };
}
