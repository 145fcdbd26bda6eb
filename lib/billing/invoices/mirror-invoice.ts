// The invoices table: each customer's Stripe invoices as Stripe last told us (webhooks, and the
// answers of Equinox's own calls). Stripe stays the source of truth; this mirror lets the
// dashboard, the portal and invoices.list answer without calling Stripe.
//
// Safe for replays and for events arriving out of order: each row keeps the `created` of the
// event it was last written from (source_event_created), and an older event never overwrites it.
// Within one second both may apply, so a settled status (paid, void, uncollectible) never goes
// back to draft or open either.
import "server-only";
import type Stripe from "stripe";
import type { Env, Invoice, Prisma } from "@/lib/generated/prisma";
import { db, type Db, type Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { findCustomerByStripeId } from "@/lib/customers/customer-queries";
import { idOf } from "../webhooks/subscription-fields";

const INVOICE_STATUSES = new Set(["draft", "open", "paid", "void", "uncollectible"]);
const SETTLED = new Set(["paid", "void"]);

const fromSeconds = (seconds: number | null | undefined) => (typeof seconds === "number" && seconds > 0 ? new Date(seconds * 1000) : null);

/** The subscription an invoice bills (since API version 2025-03-31 it is under `parent`). */
export function stripeInvoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** Whether `next` may replace `current` (see the file's comment). */
export function statusMayFollow(current: string, next: string): boolean {
  if (current === next) return true;
  if (SETTLED.has(current)) return false; // paid and void are final in Stripe
  if (current === "uncollectible") return next === "paid" || next === "void";
  if (current === "open") return next !== "draft";
  return true;
}

type InvoiceLine = { description: string | null; amount: number; quantity: number | null; plan_id?: string; period_start?: string; period_end?: string };

/** A line's plan: the subscription's, or the catalog plan an invoices.create line was priced from (its metadata). */
function linesOf(invoice: Stripe.Invoice, planId: string | null): InvoiceLine[] {
  return (invoice.lines?.data ?? []).map((line) => ({
    description: line.description ?? null,
    amount: line.amount,
    quantity: line.quantity ?? null,
    ...(planId ? { plan_id: planId } : line.metadata?.equinox_plan_id ? { plan_id: line.metadata.equinox_plan_id } : {}),
    ...(line.period?.start ? { period_start: new Date(line.period.start * 1000).toISOString() } : {}),
    ...(line.period?.end ? { period_end: new Date(line.period.end * 1000).toISOString() } : {}),
  }));
}

/**
 * Writes the invoice as Stripe has it into the mirror. `eventCreated` is the `created` (Unix
 * seconds) of the event it came with; for an answer of Equinox's own call, the time of the call.
 * Returns the row, or null when the invoice is not a known customer's or the row is newer.
 */
export async function upsertInvoiceFromStripe(env: Env, invoice: Stripe.Invoice, eventCreated: number, client: Db | Tx = db()): Promise<Invoice | null> {
  if (!invoice.id || !INVOICE_STATUSES.has(invoice.status ?? "")) return null;
  const subscriptionId = stripeInvoiceSubscriptionId(invoice);
  const customerPlan = subscriptionId
    ? await client.customerPlan.findFirst({ where: { env, stripeSubscriptionId: subscriptionId }, include: { plan: { select: { planId: true } } }, orderBy: { createdAt: "desc" } })
    : null;
  const stripeCustomerId = idOf(invoice.customer);
  const customerId = customerPlan?.customerId ?? (stripeCustomerId ? (await findCustomerByStripeId(client, env, stripeCustomerId))?.id : undefined);
  if (!customerId) return null;
  const status = invoice.status!;
  const planId = customerPlan?.plan.planId ?? null;
  const data = {
    customerId,
    customerPlanId: customerPlan?.id ?? null,
    stripeSubscriptionId: subscriptionId,
    number: invoice.number ?? null,
    status,
    collectionMethod: invoice.collection_method ?? null,
    currency: invoice.currency,
    subtotal: invoice.subtotal ?? 0,
    total: invoice.total ?? 0,
    amountDue: invoice.amount_due ?? 0,
    amountPaid: invoice.amount_paid ?? 0,
    amountRemaining: invoice.amount_remaining ?? 0,
    dueDate: fromSeconds(invoice.due_date),
    periodStart: fromSeconds(invoice.period_start),
    periodEnd: fromSeconds(invoice.period_end),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    planIds: planId ? [planId] : (invoice.metadata?.equinox_plan_ids?.split(",").filter(Boolean) ?? []),
    lines: linesOf(invoice, planId) as Prisma.InputJsonValue,
    stripeCreatedAt: new Date(invoice.created * 1000),
    paidAt: status === "paid" ? (fromSeconds(invoice.status_transitions?.paid_at) ?? new Date()) : null,
    voidedAt: status === "void" ? (fromSeconds(invoice.status_transitions?.voided_at) ?? new Date()) : null,
    sourceEventCreated: eventCreated,
  };
  const existing = await client.invoice.findUnique({ where: { env_stripeInvoiceId: { env, stripeInvoiceId: invoice.id } } });
  if (!existing) {
    // ON CONFLICT DO NOTHING: a delivery racing this one may create it first (no aborted transaction).
    const created = await client.invoice.createMany({ data: [{ id: newId("ivc"), env, stripeInvoiceId: invoice.id, ...data }], skipDuplicates: true });
    if (created.count === 1) return client.invoice.findUnique({ where: { env_stripeInvoiceId: { env, stripeInvoiceId: invoice.id } } });
  }
  // Conditional on what is stored, in one statement: the newer event wins even when two race.
  const current = existing ?? (await client.invoice.findUniqueOrThrow({ where: { env_stripeInvoiceId: { env, stripeInvoiceId: invoice.id } } }));
  if (eventCreated < current.sourceEventCreated || !statusMayFollow(current.status, status)) return null;
  const updated = await client.invoice.updateMany({
    where: { id: current.id, sourceEventCreated: { lte: eventCreated }, status: current.status },
    data: { ...data, customerPlanId: data.customerPlanId ?? current.customerPlanId },
  });
  return updated.count === 1 ? client.invoice.findUnique({ where: { id: current.id } }) : null;
}
