// invoices.reissue: an open send-invoice invoice is voided and issued again with the same lines, discounts
// (the invoice's and each line's own, on the lines they reached: each line stays discountable or
// not) and tax rates (its default_tax_rates),
// due on the original's date unless net_terms_days says otherwise (which it must once that date
// has passed). A subscription's invoice is reissued on the same subscription, so paying the
// replacement counts for that subscription's plan: the webhook activates a plan waiting for its
// first payment (invoice-lifecycle.ts). The original is marked `equinox_reissued_as` before it is
// voided, so its void does not expire that waiting plan.
//
// Order, so a failure never leaves the customer without an invoice to pay: the replacement is
// drafted first, then the original is marked and voided, then the replacement is finalized and
// sent. Every Stripe call's idempotency key derives from the original invoice, so retrying a
// reissue that failed part way resumes it (the same draft, lines and void) instead of doubling.
import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError, isDomainError } from "@/lib/errors";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe, isStripeRefusal, isStripeResourceMissing, toStripeDomainError } from "@/lib/billing/stripe-errors";
import { stripeInvoiceSubscriptionId, upsertInvoiceFromStripe } from "./mirror-invoice";
import { invoiceObject, type InvoiceObject } from "./invoice-object";
import { invoicePreview, type DraftLine, type InvoiceDiscount, type InvoicePreview, type InvoiceTaxRate } from "./invoice-preview";
import { createDraftWithLines, finalizeAndSend, type IssueSendInvoice, type SendInvoiceTerms } from "./issue-send-invoice";
import { findInvoice } from "./settle-invoice";
import { invoiceTemplateNotFound } from "./create-invoice";
import { REISSUED_AS_METADATA, reissueInvoiceInput, type ReissueInvoiceInput } from "./schemas";

export { REISSUED_AS_METADATA };
const DAY_MS = 86_400_000;

export type ReissueInvoiceAnswer = { invoice: InvoiceObject | null; voided_invoice_id: string | null; credit_note_id: null; preview: InvoicePreview };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Every line of the invoice (its `lines` holds the first page only). */
async function allLines(ctx: Ctx, invoiceId: string): Promise<Stripe.InvoiceLineItem[]> {
  return callStripe(ctx.env, "read the invoice's lines", () =>
    stripeFor(ctx.env).invoices.listLineItems(invoiceId, { limit: 100, expand: ["data.discounts"] }).autoPagingToArray({ limit: 1000 }),
  );
}

function draftLines(lines: Stripe.InvoiceLineItem[], planIdOfSubscription: string | null): DraftLine[] {
  return lines.map((line) => {
    const metadata = { ...(line.metadata ?? {}) };
    const planId = metadata.equinox_plan_id ?? planIdOfSubscription;
    return {
      planId,
      description: line.description ?? "",
      amount: line.amount,
      quantity: line.quantity ?? null,
      period: line.period?.start && line.period?.end ? { start: line.period.start, end: line.period.end } : null,
      metadata,
      // Kept as it was: a line the invoice's discounts did not reach (another plan's, when a plan's
      // discounts are the invoice's: create-invoice.ts placePlanDiscounts) stays out of them.
      discountable: line.discountable,
    };
  });
}

/** A discount of the new invoice as Stripe's invoices.create `discounts` names it. */
type DiscountParam = { coupon: string } | { promotion_code: string } | { discount: string };

const idOf = (ref: string | { id: string } | null | undefined): string | null => (ref == null ? null : typeof ref === "string" ? ref : ref.id);

/** What the replacement carries of one of the original's discounts: the parameter, and how to name it in an error. */
type CarriedDiscount = { param: DiscountParam; name: string };

/**
 * The original invoice's own discounts (coupons and promotion codes on the whole invoice, and
 * those its subscription or its customer gave it), carried onto the replacement in their order,
 * so it totals what the original did, and how they price for the preview. Stripe lets an invoice
 * reuse (`{discount}`, no new redemption) only a discount of its customer or its subscription
 * still there, so those are reused as they are. One made on the original invoice (or one the
 * subscription no longer has, e.g. a `once` coupon it has used) cannot be: it is redeemed again,
 * from its promotion code while that code can still be redeemed (active, not expired, not used
 * up), else from its coupon (the code's limits are about new customers' use of the code; the
 * discount was granted already). A coupon that can no longer be redeemed at all (redeem_by past,
 * max_redemptions reached, deleted) is refused as invalid_request naming it, before anything is
 * voided. A line's own discounts (an invoice item's) are not the invoice's and are not in its
 * `discounts`.
 */
async function carriedDiscounts(
  ctx: Ctx,
  invoiceId: string,
  original: Stripe.Invoice,
  subscriptionId: string | null,
): Promise<{ carried: CarriedDiscount[]; pricing: InvoiceDiscount[] }> {
  const discounts = liveDiscounts(original.discounts);
  if (discounts.length === 0) return { carried: [], pricing: [] };
  const onSubscription = new Set<string>();
  if (subscriptionId && discounts.some((discount) => idOf(discount.subscription) === subscriptionId)) {
    const subscription = await callStripe(ctx.env, "read the invoice's subscription", () => stripeFor(ctx.env).subscriptions.retrieve(subscriptionId));
    for (const entry of subscription.discounts ?? []) onSubscription.add(typeof entry === "string" ? entry : entry.id);
  }
  return carryEach(ctx, invoiceId, discounts, onSubscription);
}

const liveDiscounts = (entries: (string | Stripe.Discount | Stripe.DeletedDiscount)[] | null | undefined): Stripe.Discount[] =>
  (entries ?? []).filter((entry): entry is Stripe.Discount => typeof entry !== "string" && !("deleted" in entry && entry.deleted));

/**
 * Each discount as the replacement carries it (see carriedDiscounts): reused when it is its
 * customer's own or its subscription's (`reusable`), else redeemed again from its promotion code
 * while that can be, else from its coupon, refused (before anything is voided) when neither can.
 */
async function carryEach(ctx: Ctx, invoiceId: string, discounts: Stripe.Discount[], reusable: Set<string>): Promise<{ carried: CarriedDiscount[]; pricing: InvoiceDiscount[] }> {
  const stripe = stripeFor(ctx.env);
  const carried: CarriedDiscount[] = [];
  const pricing: InvoiceDiscount[] = [];
  const now = nowSeconds();
  for (const discount of discounts) {
    const couponId = idOf(discount.source?.coupon);
    if (!couponId) continue;
    const coupon = await readCoupon(ctx, invoiceId, couponId);
    const promotionCodeId = idOf(discount.promotion_code);
    const name = promotionCodeId ? `promotion code ${promotionCodeId} (coupon ${couponId})` : `coupon ${couponId}`;
    let param: DiscountParam;
    if (reusable.has(discount.id) || customersOwn(discount)) {
      param = { discount: discount.id };
    } else {
      const promotionCode = promotionCodeId
        ? await callStripe(ctx.env, "read the invoice's promotion code", () => stripe.promotionCodes.retrieve(promotionCodeId))
        : null;
      if (promotionCode && redeemable(promotionCode, now)) {
        param = { promotion_code: promotionCode.id };
      } else {
        if (!coupon.valid || (coupon.redeem_by !== null && coupon.redeem_by <= now) || (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)) {
          throw discountRefused(invoiceId, name, "it can no longer be redeemed (expired or used up)");
        }
        param = { coupon: couponId };
      }
    }
    carried.push({ param, name });
    pricing.push({
      id: coupon.id,
      ...(coupon.percent_off !== null ? { percentOff: coupon.percent_off } : {}),
      ...(coupon.amount_off !== null ? { amountOff: coupon.amount_off } : {}),
      stripe: param,
    });
  }
  return { carried, pricing };
}

/**
 * A line's own discounts (its invoice item's: a line item discount applies before the invoice's),
 * carried onto the replacement's line as the invoice's are. Stripe's line `discounts` may also
 * name the invoice's own discounts; those are the invoice's, carried once, with it.
 */
async function carriedLineDiscounts(ctx: Ctx, invoiceId: string, line: Stripe.InvoiceLineItem, invoiceLevel: Set<string>): Promise<{ carried: CarriedDiscount[]; pricing: InvoiceDiscount[] }> {
  const own = liveDiscounts(line.discounts).filter((discount) => !invoiceLevel.has(discount.id));
  if (own.length === 0) return { carried: [], pricing: [] };
  return carryEach(ctx, invoiceId, own, new Set());
}

/**
 * The original's default tax rates, read again from Stripe: the replacement has the same rates on
 * every line. One archived since (inactive: Stripe applies it to no new invoice) is refused as
 * invalid_request naming it, before anything is voided.
 */
async function carriedTaxRates(ctx: Ctx, invoiceId: string, original: Stripe.Invoice): Promise<InvoiceTaxRate[]> {
  const rates: InvoiceTaxRate[] = [];
  for (const entry of original.default_tax_rates ?? []) {
    const id = typeof entry === "string" ? entry : entry.id;
    const rate = await callStripe(ctx.env, "read the invoice's tax rate", () => stripeFor(ctx.env).taxRates.retrieve(id)).catch((error: unknown) => {
      if (isStripeResourceMissing(error)) throw taxRateRefused(invoiceId, id, "it no longer exists in Stripe");
      throw error;
    });
    if (!rate.active) throw taxRateRefused(invoiceId, id, "it has been archived (inactive) since: Stripe applies it to no new invoice");
    rates.push({ id: rate.id, percentage: rate.percentage, inclusive: rate.inclusive });
  }
  return rates;
}

const taxRateRefused = (invoiceId: string, rateId: string, why: string) =>
  new DomainError("invalid_request", `Invoice ${invoiceId} cannot be reissued with its tax rate ${rateId}: ${why}. Nothing was voided`, { field: "invoice_id" });

/** A discount of the customer itself (not made on an invoice, item, subscription or Checkout): an invoice of that customer may reuse it. */
function customersOwn(discount: Stripe.Discount): boolean {
  return Boolean(discount.customer) && !discount.subscription && !discount.subscription_item && !discount.invoice && !discount.invoice_item && !discount.checkout_session;
}

function redeemable(code: Stripe.PromotionCode, now: number): boolean {
  return code.active && (code.expires_at === null || code.expires_at > now) && (code.max_redemptions === null || code.times_redeemed < code.max_redemptions);
}

async function readCoupon(ctx: Ctx, invoiceId: string, couponId: string): Promise<Stripe.Coupon> {
  try {
    return await stripeFor(ctx.env).coupons.retrieve(couponId);
  } catch (error) {
    if (isStripeResourceMissing(error)) throw discountRefused(invoiceId, `coupon ${couponId}`, "it no longer exists in Stripe");
    throw toStripeDomainError(error, ctx.env, "read the invoice's coupon");
  }
}

const discountRefused = (invoiceId: string, name: string, why: string) =>
  new DomainError("invalid_request", `Invoice ${invoiceId} cannot be reissued with its discount ${name}: ${why}. Nothing was voided`, { field: "invoice_id" });

/**
 * The replacement's draft; Stripe refusing one of the carried discounts (the parameter
 * `discounts[i]...`) is the caller's invalid_request naming that discount, as the checks above.
 */
async function createReplacementDraft(
  env: Ctx["env"],
  invoiceId: string,
  input: IssueSendInvoice,
  carried: CarriedDiscount[],
  lineCarried: CarriedDiscount[][],
): Promise<Stripe.Invoice> {
  const refusedAs = (error: unknown, discounts: CarriedDiscount[]): Error | null => {
    const cause = isDomainError(error) ? error.cause : error;
    const param = cause && typeof cause === "object" ? (cause as { param?: unknown }).param : undefined;
    const index = typeof param === "string" ? /^discounts\[(\d+)\]/.exec(param)?.[1] : undefined;
    const refused = index !== undefined ? discounts[Number(index)] : undefined;
    if (!refused || !isStripeRefusal(error)) return null;
    const detail = cause && typeof cause === "object" && typeof (cause as { message?: unknown }).message === "string" ? (cause as { message: string }).message.replace(/\.$/, "") : "refused";
    return discountRefused(invoiceId, refused.name, `Stripe refused it (${detail})`);
  };
  try {
    return await createDraftWithLines(env, { ...input, lineRefused: (lineIndex, error) => refusedAs(error, lineCarried[lineIndex] ?? []) });
  } catch (error) {
    throw refusedAs(error, carried) ?? error;
  }
}

export async function reissueInvoice(ctx: Ctx, input: ReissueInvoiceInput): Promise<ReissueInvoiceAnswer> {
  authorize(ctx, "customers:write");
  const data = reissueInvoiceInput.parse(input);
  if (data.invoice_template_id !== undefined) throw invoiceTemplateNotFound(data.invoice_template_id);
  for (const field of ["invoice", "customer", "lines"] as const) {
    if (data[field] !== undefined) throw new DomainError("not_supported", `Equinox does not support ${field} on invoices.reissue yet: the replacement has the original's lines`, { field });
  }
  const row = await findInvoice(ctx, data.invoice_id);
  const refuse = (why: string) => new DomainError("invalid_request", `Invoice ${data.invoice_id} ${why}: only an open send-invoice invoice can be reissued`, { field: "invoice_id" });
  if (row.status !== "open") throw refuse(`is ${row.status}`);
  const original = await callStripe(ctx.env, "read the invoice", () => stripeFor(ctx.env).invoices.retrieve(row.stripeInvoiceId, { expand: ["discounts"] }));
  // Stripe is the truth: the mirror may not have heard of a payment or void yet.
  if (original.status !== "open") throw refuse(`is ${original.status}`);
  if (original.collection_method !== "send_invoice") throw refuse("is collected automatically");

  let terms: SendInvoiceTerms;
  let dueDate: Date;
  if (data.net_terms_days !== undefined) {
    terms = { daysUntilDue: data.net_terms_days };
    dueDate = new Date(Date.now() + data.net_terms_days * DAY_MS);
  } else if (original.due_date && original.due_date > nowSeconds()) {
    terms = { dueDate: original.due_date };
    dueDate = new Date(original.due_date * 1000);
  } else {
    throw new DomainError("invalid_request", `Invoice ${data.invoice_id} is past due: pass net_terms_days for the replacement's terms`, { field: "net_terms_days" });
  }

  const subscriptionId = stripeInvoiceSubscriptionId(original);
  const stripeLines = await allLines(ctx, original.id!);
  const lines = draftLines(stripeLines, row.planIds.length === 1 && subscriptionId ? row.planIds[0]! : null);
  if (lines.length === 0) throw refuse("has no lines");
  const discounts = await carriedDiscounts(ctx, data.invoice_id, original, subscriptionId);
  const invoiceLevel = new Set(liveDiscounts(original.discounts).map((discount) => discount.id));
  const lineCarried: CarriedDiscount[][] = [];
  for (const [index, line] of stripeLines.entries()) {
    const own = await carriedLineDiscounts(ctx, data.invoice_id, line, invoiceLevel);
    lineCarried.push(own.carried);
    if (own.pricing.length > 0) lines[index]!.discounts = own.pricing;
  }
  const taxRates = await carriedTaxRates(ctx, data.invoice_id, original);
  const pricing = { discounts: discounts.pricing, taxRates };
  if (data.preview) return { invoice: null, voided_invoice_id: null, credit_note_id: null, preview: invoicePreview(original.currency, lines, dueDate, undefined, pricing) };

  const stripe = stripeFor(ctx.env);
  const stripeCustomerId = typeof original.customer === "string" ? original.customer : original.customer!.id;
  if (data.update_customer_email !== undefined) {
    const email = data.update_customer_email;
    // Kept in Equinox first (the customer's billing email, audited), so a sync of the customer
    // running meanwhile or later writes this address to Stripe, not the old one.
    await setBillingEmail(ctx, row.customerId, email);
    await callStripe(ctx.env, "update the customer's billing email", () => stripe.customers.update(stripeCustomerId, { email }, { idempotencyKey: `equinox-reissue-${original.id}-email-${email}` }));
  }
  const key = `equinox-reissue-${original.id}`;
  const { [REISSUED_AS_METADATA]: _previous, ...inherited } = original.metadata ?? {};
  const draft = await createReplacementDraft(ctx.env, data.invoice_id, {
    stripeCustomerId,
    subscriptionId,
    currency: original.currency,
    lines,
    terms,
    metadata: { ...inherited, equinox_reissue_of: original.id! },
    description: original.description,
    footer: original.footer,
    discounts: discounts.carried.map((entry) => entry.param),
    taxRateIds: taxRates.map((rate) => rate.id),
    key,
    deleteDraftOnFailure: false,
  }, discounts.carried, lineCarried);
  await callStripe(ctx.env, "mark the invoice reissued", () =>
    stripe.invoices.update(original.id!, { metadata: { [REISSUED_AS_METADATA]: draft.id! } }, { idempotencyKey: `${key}-mark` }),
  );
  const voided = await callStripe(ctx.env, "void the invoice", () => stripe.invoices.voidInvoice(original.id!, {}, { idempotencyKey: `equinox-void-${original.id}` }));
  const sent = await finalizeAndSend(ctx.env, draft.id!, key);

  const at = nowSeconds();
  await upsertInvoiceFromStripe(ctx.env, voided, at);
  const replacement =
    (await upsertInvoiceFromStripe(ctx.env, sent, at)) ??
    (await db().invoice.findUniqueOrThrow({ where: { env_stripeInvoiceId: { env: ctx.env, stripeInvoiceId: sent.id! } } }));
  const customer = await db().customer.findUniqueOrThrow({ where: { id: replacement.customerId }, select: { id: true, externalId: true } });
  return {
    invoice: invoiceObject(replacement, customer),
    voided_invoice_id: row.id,
    credit_note_id: null,
    preview: invoicePreview(sent.currency, lines, sent.due_date ? new Date(sent.due_date * 1000) : dueDate, sent.amount_due, pricing),
  };
}

/** The customer's billing email (invoices go there), audited as customer.billing_email_changed. */
async function setBillingEmail(ctx: Ctx, customerId: string, email: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.customer.findFirstOrThrow({ where: { id: customerId, env: ctx.env }, select: { billingEmail: true, externalId: true, name: true } });
    if (before.billingEmail === email) return;
    await tx.customer.update({ where: { id: customerId }, data: { billingEmail: email } });
    await recordAuditEvent(tx, ctx, {
      action: "customer.billing_email_changed",
      targetType: "customer",
      targetId: customerId,
      customerId,
      target: { id: before.externalId, name: before.name },
      before: { billingEmail: before.billingEmail },
      after: { billingEmail: email },
    });
  });
}
