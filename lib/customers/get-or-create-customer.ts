// Get-or-create, exactly as the API contract says:
//   1. a customer with that id exists: return it, filling in only an empty name or email;
//   2. else, a pending customer (no id yet) has the same normalised email: claim it (it gets the
//      id and keeps its plans, balances and Stripe link);
//   3. else create it. `customer_id: null` creates (or returns) the pending customer of the email.
// Concurrent identical calls end with one customer: creation is INSERT ... ON CONFLICT DO NOTHING,
// a claim locks the pending row, and a claim that collides with a concurrent creation of the same
// id (unique violation) runs the whole function again, which then finds that customer.
import "server-only";
import { Prisma, type Customer } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { normalizeEmail } from "./normalize-email";
import { getOrCreateCustomerInput, type GetOrCreateCustomerData, type GetOrCreateCustomerInput } from "./schemas";
import { CUSTOMER_COLUMNS, customerSnapshot } from "./customer-row";
import { insertCustomer } from "./insert-customer";
import { customerTransaction } from "./customer-transaction";
import { shapeCustomer } from "./shape-customers";
import type { ApiCustomer } from "./customer-object";
import { emitLinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { stripeLinks } from "./stripe-link-port";

export type GetOrCreateOutcome = "existing" | "filled_in" | "claimed" | "created";
export type GetOrCreateResult = { customer: Customer; outcome: GetOrCreateOutcome };

/** The API's get-or-create: the customer object. */
export async function getOrCreateCustomer(ctx: Ctx, input: GetOrCreateCustomerInput): Promise<ApiCustomer> {
  const { customer } = await getOrCreateCustomerRecord(ctx, input);
  return shapeCustomer(db(), customer);
}

/** Get-or-create for callers that want the row and what happened (the sign-in hook, tests). */
export async function getOrCreateCustomerRecord(ctx: Ctx, input: GetOrCreateCustomerInput): Promise<GetOrCreateResult> {
  authorize(ctx, "customers:write");
  const data = getOrCreateCustomerInput.parse(input);

  // The common case (called on every sign-in): the customer exists and there is nothing to fill
  // in. One indexed read, no transaction, no lock.
  const known = await findTarget(db(), ctx, data);
  if (known && Object.keys(fillIns(known, data)).length === 0) return withStripeOptions(ctx, data, { customer: known, outcome: "existing" });

  // A new customer linked to an existing Stripe customer: Stripe must have it (400 otherwise).
  if (!known && data.stripe_id) await stripeLinks().verifyStripeCustomer(ctx.env, data.stripe_id);
  const result = await customerTransaction(async (tx) => {
    const attempt = await attemptGetOrCreate(tx, ctx, data);
    // A new link, or a filled-in name or email, reaches the Stripe customer (an event billing reacts to; claims emit it themselves).
    if (attempt.outcome === "created" || attempt.outcome === "filled_in") await emitLinkedCustomerChanged(tx, ctx.env, attempt.customer);
    return attempt;
  });
  return withStripeOptions(ctx, data, result);
}

/** `create_in_stripe: true`: the Stripe customer is made now, after the commit (a retry of the call finishes a failed one). */
async function withStripeOptions(ctx: Ctx, data: GetOrCreateCustomerData, result: GetOrCreateResult): Promise<GetOrCreateResult> {
  if (!data.create_in_stripe || result.customer.stripeId) return result;
  return { ...result, customer: await stripeLinks().createInStripe(ctx, result.customer.id) };
}

// Plain SQL rather than findUnique: the same one statement, without the ORM's work per query, on
// the path every sign-in takes (selectRows).
async function findTarget(client: ReturnType<typeof db> | Tx, ctx: Ctx, data: GetOrCreateCustomerData): Promise<Customer | undefined> {
  const rows = await selectRows<Customer>(
    client,
    data.customer_id !== null
      ? Prisma.sql`select ${CUSTOMER_COLUMNS} from customers c where c.env = ${ctx.env}::"Env" and c.external_id = ${data.customer_id}`
      : Prisma.sql`select ${CUSTOMER_COLUMNS} from customers c
                    where c.env = ${ctx.env}::"Env" and c.external_id is null and c.email_normalized = ${normalizeEmail(data.email)}`,
  );
  return rows[0];
}

async function attemptGetOrCreate(tx: Tx, ctx: Ctx, data: GetOrCreateCustomerData): Promise<GetOrCreateResult> {
  const emailNormalized = normalizeEmail(data.email);

  const existing = await lockTarget(tx, ctx, data, emailNormalized);
  if (existing) return fillInExisting(tx, ctx, existing, data);

  if (data.customer_id !== null && emailNormalized) {
    const claimed = await claimPendingCustomer(tx, ctx, data.customer_id, emailNormalized, data);
    if (claimed) return { customer: claimed, outcome: "claimed" };
  }

  const created = await insertCustomer(tx, ctx, {
    externalId: data.customer_id,
    name: data.name,
    email: data.email,
    fingerprint: data.fingerprint,
    stripeId: data.stripe_id,
    metadata: data.metadata,
    sendEmailReceipts: data.send_email_receipts,
  });
  if (created) return { customer: created, outcome: "created" };

  // A concurrent call created it first and has committed: this statement sees its row.
  const winner = await lockTarget(tx, ctx, data, emailNormalized);
  if (!winner) throw new Error("get-or-create: the insert conflicted but no customer was found");
  return fillInExisting(tx, ctx, winner, data);
}

async function lockTarget(tx: Tx, ctx: Ctx, data: GetOrCreateCustomerData, emailNormalized: string | null): Promise<Customer | undefined> {
  const rows =
    data.customer_id !== null
      ? await tx.$queryRaw<Customer[]>`
          select ${CUSTOMER_COLUMNS} from customers c
           where c.env = ${ctx.env}::"Env" and c.external_id = ${data.customer_id} for update`
      : await tx.$queryRaw<Customer[]>`
          select ${CUSTOMER_COLUMNS} from customers c
           where c.env = ${ctx.env}::"Env" and c.external_id is null and c.email_normalized = ${emailNormalized} for update`;
  return rows[0];
}

/** The fields get-or-create may change on an existing customer: an empty name or email only. */
function fillIns(customer: Customer, data: GetOrCreateCustomerData): { name?: string; email?: string } {
  const changes: { name?: string; email?: string } = {};
  if (!customer.name && data.name) changes.name = data.name;
  if (!customer.email && data.email) changes.email = data.email;
  return changes;
}

async function fillInExisting(tx: Tx, ctx: Ctx, customer: Customer, data: GetOrCreateCustomerData): Promise<GetOrCreateResult> {
  const changes = fillIns(customer, data);
  if (Object.keys(changes).length === 0) return { customer, outcome: "existing" };
  const updated = await tx.customer.update({
    where: { id: customer.id },
    data: { ...changes, ...(changes.email ? { emailNormalized: normalizeEmail(changes.email) } : {}) },
  });
  await recordAuditEvent(tx, ctx, {
    action: "customer.updated",
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: { ...customerSnapshot(updated), via: "get_or_create" },
    before: Object.fromEntries(Object.keys(changes).map((field) => [field, customer[field as keyof typeof changes]])),
    after: changes,
  });
  return { customer: updated, outcome: "filled_in" };
}

/**
 * Gives the pending customer of this email the id, if there is one. The pending row is locked
 * (FOR UPDATE, not SKIP LOCKED: a pending row that is merely being edited must still be found);
 * a concurrent claimer waits here, then sees the row is no longer pending and creates its own.
 */
export async function claimPendingCustomer(
  tx: Tx,
  ctx: Ctx,
  externalId: string,
  emailNormalized: string,
  data: Pick<GetOrCreateCustomerData, "name"> = {},
): Promise<Customer | undefined> {
  const [pending] = await tx.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c
     where c.env = ${ctx.env}::"Env" and c.external_id is null and c.email_normalized = ${emailNormalized}
     for update`;
  if (!pending) return undefined;

  const fillName = !pending.name && data.name ? data.name : undefined;
  const claimed = await tx.customer.update({
    where: { id: pending.id },
    data: {
      externalId,
      ...(fillName ? { name: fillName } : {}),
      claimedAt: new Date(),
      claimedByKind: actorKind(ctx.actor),
      claimedById: actorId(ctx.actor),
      claimedByLabel: actorLabel(ctx.actor),
    },
  });
  await recordAuditEvent(tx, ctx, {
    action: "customer.claimed",
    targetType: "customer",
    targetId: claimed.id,
    customerId: claimed.id,
    target: customerSnapshot(claimed),
    before: { id: null, ...(fillName ? { name: pending.name } : {}) },
    after: { id: externalId, ...(fillName ? { name: fillName } : {}) },
  });
  // The Stripe customer's autumn_id metadata gets the new id (an event billing reacts to).
  await emitLinkedCustomerChanged(tx, ctx.env, claimed);
  return claimed;
}
