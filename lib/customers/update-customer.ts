// Updates a customer: rename (new_customer_id), name, email (re-normalised), fingerprint, Stripe
// id (stored as given), receipts flag, and metadata (merged; a key set to null is removed).
// Only fields that really change are written and audited; an update that changes nothing
// records nothing.
import "server-only";
import type { Customer, Prisma } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { invalidInputs } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { METADATA_MAX_KEYS, updateCustomerInput, type UpdateCustomerInput } from "./schemas";
import { customerSnapshot } from "./customer-snapshot";
import { findCustomerByExternalId, findCustomerByStripeId, findPendingCustomerByEmail, lockExistingCustomerByRef } from "./customer-queries";
import { customerAlreadyExists, emailRequiredWithoutId, pendingEmailTaken, stripeAlreadyLinked } from "./errors";
import { lacksIdAndEmail } from "./customer-rules";
import { customerTransaction } from "./customer-transaction";
import { CUSTOMER_INDEXES } from "./db-conflicts";
import { shapeCustomer } from "./shape-customers";
import type { ApiCustomer } from "./customer-object";
import { emitLinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { emitCustomerUpdated } from "@/lib/outbox/public-events";
import { stripeLinks } from "./stripe-link-port";

export type UpdateData = ReturnType<typeof updateCustomerInput.parse>;
type Json = Prisma.InputJsonValue | null;

export async function updateCustomer(ctx: Ctx, input: UpdateCustomerInput): Promise<ApiCustomer> {
  const customer = await updateCustomerRecord(ctx, input);
  return shapeCustomer(db(), customer);
}

/** The update, returning the row (for the dashboard). */
export async function updateCustomerRecord(ctx: Ctx, input: UpdateCustomerInput): Promise<Customer> {
  authorize(ctx, "customers:write");
  const data = updateCustomerInput.parse(input);
  // Linking an existing Stripe customer: Stripe must have it (400 otherwise).
  if (data.stripe_id) await stripeLinks().verifyStripeCustomer(ctx.env, data.stripe_id);
  return customerTransaction(
    (tx) => applyUpdate(tx, ctx, data),
    // Lost a race against a concurrent writer of the same id or pending email: say so.
    (index) =>
      index === CUSTOMER_INDEXES.externalId
        ? customerAlreadyExists(data.new_customer_id ?? data.customer_id)
        : index === CUSTOMER_INDEXES.pendingEmail
          ? pendingEmailTaken()
          : "retry",
  );
}

/** The update in the caller's transaction (also the bulk import's "update" rows); the caller authorized. */
export async function applyUpdate(tx: Tx, ctx: Ctx, data: UpdateData): Promise<Customer> {
  const customer = await lockExistingCustomerByRef(tx, ctx.env, data.customer_id);
  const changes: Prisma.CustomerUpdateInput = {};
  const before: Record<string, Json> = {};
  const after: Record<string, Json> = {};
  const change = (field: string, from: Json, to: Json) => {
    before[field] = from;
    after[field] = to;
  };

  if (data.new_customer_id !== undefined && data.new_customer_id !== customer.externalId) {
    const taken = await findCustomerByExternalId(tx, ctx.env, data.new_customer_id);
    if (taken) throw customerAlreadyExists(data.new_customer_id);
    changes.externalId = data.new_customer_id;
    change("id", customer.externalId, data.new_customer_id);
    if (customer.externalId === null) {
      // A pending customer given its id by hand is claimed, as if the person had signed up.
      Object.assign(changes, { claimedAt: new Date(), claimedByKind: actorKind(ctx.actor), claimedById: actorId(ctx.actor), claimedByLabel: actorLabel(ctx.actor) });
    }
  }
  const externalIdAfter = changes.externalId !== undefined ? (changes.externalId as string) : customer.externalId;

  if (data.name !== undefined && data.name !== customer.name) {
    changes.name = data.name;
    change("name", customer.name, data.name);
  }

  const emailAfter = data.email !== undefined ? data.email : customer.email;
  // A customer without an id is found by its email alone: it cannot lose it.
  if (lacksIdAndEmail(externalIdAfter, emailAfter)) throw emailRequiredWithoutId();
  if (data.email !== undefined && data.email !== customer.email) {
    changes.email = data.email;
    changes.emailNormalized = normalizeEmail(data.email);
    change("email", customer.email, data.email);
  }
  const normalizedAfter = normalizeEmail(emailAfter);
  if (externalIdAfter === null && normalizedAfter !== customer.emailNormalized) {
    const other = await findPendingCustomerByEmail(tx, ctx.env, normalizedAfter, { except: customer.id });
    if (other) throw pendingEmailTaken(other.id);
  }

  if (data.fingerprint !== undefined && data.fingerprint !== customer.fingerprint) {
    changes.fingerprint = data.fingerprint;
    change("fingerprint", customer.fingerprint, data.fingerprint);
  }

  if (data.stripe_id !== undefined && data.stripe_id !== customer.stripeId) {
    if (data.stripe_id) {
      const linked = await findCustomerByStripeId(tx, ctx.env, data.stripe_id, { except: customer.id });
      if (linked) throw stripeAlreadyLinked();
    }
    changes.stripeId = data.stripe_id;
    change("stripe_id", customer.stripeId, data.stripe_id);
  }

  if (data.send_email_receipts !== undefined && data.send_email_receipts !== customer.sendEmailReceipts) {
    changes.sendEmailReceipts = data.send_email_receipts;
    change("send_email_receipts", customer.sendEmailReceipts, data.send_email_receipts);
  }

  if (data.metadata) {
    const current = (customer.metadata ?? {}) as Record<string, Prisma.InputJsonValue>;
    const merged = mergeMetadata(current, data.metadata);
    if (Object.keys(merged).length > METADATA_MAX_KEYS) {
      throw invalidInputs("metadata", `must be an object of at most ${METADATA_MAX_KEYS} keys (after merging with the existing ${Object.keys(current).length})`);
    }
    if (JSON.stringify(merged) !== JSON.stringify(current)) {
      changes.metadata = merged;
      change("metadata", current, merged);
    }
  }

  if (Object.keys(changes).length === 0) return customer;
  const updated = await tx.customer.update({ where: { id: customer.id }, data: changes });
  // The Stripe customer gets a new name, email or id, or its new link's metadata: an event in this
  // transaction, which billing turns into the Stripe call (outbox).
  if ("name" in after || "email" in after || "id" in after || after.stripe_id) await emitLinkedCustomerChanged(tx, ctx.env, updated);
  await emitCustomerUpdated(tx, updated, Object.keys(after));
  await recordAuditEvent(tx, ctx, {
    action: "customer.updated",
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: customerSnapshot(updated),
    before,
    after,
  });
  return updated;
}

/** `{ ...current, ...patch }` where a key set to null in the patch is removed. */
export function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, Prisma.InputJsonValue> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged as Record<string, Prisma.InputJsonValue>;
}
