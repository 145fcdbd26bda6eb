// The billing lifecycle routes (issue 18): attach with its options, previews, update, multi-attach
// and invoices. Bodies are the routes' own schemas; responses as autumn-js 1.3.13 reads them.
import { z } from "zod";
import { attachInputSchema, multiAttachInputSchema, updateInputSchema } from "@/lib/billing/api/schemas";
import { createInvoiceInput, invoiceRefInput, listInvoicesInput, reissueInvoiceInput } from "@/lib/billing/invoices/schemas";
import { defineApiRoutes, type ApiRouteDoc } from "../registry";

const invoiceSummary = z.object({
  status: z.string().nullable(),
  stripe_id: z.string(),
  total: z.number().meta({ description: "Major units." }),
  currency: z.string(),
  hosted_invoice_url: z.string().nullable(),
});

const billingResponse = (id: string) =>
  z
    .object({
      customer_id: z.string(),
      payment_url: z.string().nullable().meta({ description: "A Stripe Checkout URL when the customer must pay; null otherwise." }),
      invoice: invoiceSummary.optional().meta({ description: "The invoice Stripe made for the change (a prorated upgrade or quantity change)." }),
      required_action: z.object({ code: z.string(), reason: z.string() }).optional(),
    })
    .meta({ id });

const lineItem = z.object({
  display_name: z.string(),
  description: z.string(),
  subtotal: z.number(),
  total: z.number(),
  discounts: z.array(z.object({ amount_off: z.number(), percent_off: z.number().optional(), reward_id: z.string().optional(), reward_name: z.string().optional() })).optional(),
  plan_id: z.string(),
  feature_id: z.string().nullable(),
  period: z.object({ start: z.number(), end: z.number() }).optional(),
  quantity: z.number(),
});
const planChange = z.object({
  plan_id: z.string(),
  feature_quantities: z.array(z.object({ feature_id: z.string(), quantity: z.number() })),
  effective_at: z.number().nullable(),
  canceled_at: z.number().nullable(),
  expires_at: z.number().nullable(),
});
const previewShape = {
  customer_id: z.string(),
  line_items: z.array(lineItem).meta({ description: "Due now: credits for unused time (negative) and charges for the rest of the period." }),
  subtotal: z.number(),
  total: z.number().meta({ description: "Due today, major units (negative: a credit)." }),
  currency: z.string(),
  next_cycle: z.object({ starts_at: z.number(), subtotal: z.number(), total: z.number(), line_items: z.array(lineItem), usage_line_items: z.array(z.unknown()) }).optional(),
  incoming: z.array(planChange),
  outgoing: z.array(planChange),
};
const previewAttachResponse = z
  .object({ ...previewShape, redirect_to_checkout: z.boolean(), checkout_type: z.enum(["stripe_checkout", "autumn_checkout"]).nullable() })
  .meta({ id: "PreviewAttachResponse" });
const previewUpdateResponse = z
  .object({ ...previewShape, intent: z.enum(["update_plan", "update_quantity", "cancel_immediately", "cancel_end_of_cycle", "uncancel", "none"]) })
  .meta({ id: "PreviewUpdateResponse" });

const invoiceObject = z
  .object({
    plan_ids: z.array(z.string()),
    stripe_id: z.string(),
    processor_type: z.literal("stripe"),
    status: z.string(),
    total: z.number(),
    currency: z.string(),
    created_at: z.number(),
    hosted_invoice_url: z.string().nullable(),
    id: z.string(),
    customer_id: z.string().nullable(),
    entity_id: z.string().nullable(),
    amount_paid: z.number().nullable(),
    refunded_amount: z.number(),
    items: z.array(z.object({ id: z.string(), description: z.string(), amount: z.number(), quantity: z.number().nullable(), plan_id: z.string().nullable() }).passthrough()),
  })
  .meta({ id: "Invoice" });

const invoicePreview = z
  .object({
    currency: z.string(),
    lines: z.array(
      z.object({
        plan_id: z.string().nullable(),
        feature_id: z.string().nullable(),
        description: z.string(),
        amount: z.number(),
        amount_after_discounts: z.number(),
        quantity: z.number().nullable(),
        prorated: z.boolean(),
        period_start: z.number().nullable(),
        period_end: z.number().nullable(),
      }),
    ),
    subtotal: z.number(),
    discount_total: z.number(),
    tax: z
      .object({ total: z.number(), amount_inclusive: z.number(), amount_exclusive: z.number(), status: z.enum(["complete", "incomplete"]) })
      .nullable()
      .meta({ description: "The tax_rate_id's tax on the lines after discounts; null without one." }),
    total: z.number(),
    amount_due: z.number(),
    due_date: z.number().nullable(),
  })
  .meta({ id: "InvoicePreview", description: "The invoice's lines and totals, in major units; times in ms." });

const attachDoc = {
  summary: "Attach a plan",
  description:
    "Enables a plan that needs no payment at once; a plan of the customer's group is replaced (upgrades now with proration, downgrades at the " +
    "period's end unless plan_schedule says otherwise), add-ons stack. A paid plan is billed by invoice with invoice_mode, through the customer's " +
    "Stripe subscription when one bills the plan it replaces, or else answers a Stripe Checkout URL in payment_url. customize (price, items), " +
    "feature_quantities, free_trial, starts_at/ends_at and discounts (Stripe coupons as reward_id, promotion codes) apply, by invoice as through " +
    "Checkout. A switch at the period's end is scheduled (the new plan starts when the running plan's period ends; a paid one is billed from the next " +
    "invoice on the same subscription, unprorated) and replaces a downgrade already scheduled; a switch of a contract plan carries the contract over " +
    "(its end, renew or end there, reminder and term) unless ends_at sells a new term. ends_at stops the Stripe subscription at that date (cancel_at) " +
    "when the subscription bills that plan alone; on one billing several plans (multi_attach) the others keep billing and only that plan's item goes when it ends.",
  tags: ["Billing"],
  body: attachInputSchema,
  response: billingResponse("AttachResponse"),
  errors: ["customer_not_found", "plan_not_found", "invalid_discount", "not_supported", "stripe_error"],
} satisfies Partial<ApiRouteDoc>;

export const billingLifecycleRoutes = defineApiRoutes([
  { method: "post", path: "/v1/billing.attach", operationId: "attach", ...attachDoc },
  { method: "post", path: "/v1/attach", operationId: "attachRest", ...attachDoc },
  {
    method: "post",
    path: "/v1/billing.preview_attach",
    operationId: "previewAttach",
    summary: "Preview an attach",
    description: "What attaching the plan would charge today (proration) and at the next renewal, computed from Equinox's plans: no change is made, and a free plan's preview needs no Stripe.",
    tags: ["Billing"],
    body: attachInputSchema,
    response: previewAttachResponse,
    errors: ["customer_not_found", "plan_not_found", "invalid_discount", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/billing.multi_attach",
    operationId: "multiAttach",
    summary: "Attach several plans",
    description:
      "Each plan as attach does it; paid plans are billed by invoice (invoice_mode: one Stripe subscription with one item per plan and one invoice, so " +
      "the plans must share a billing interval and free trial, else invalid_inputs) or through the customer's existing subscription. Paying several " +
      "plans through one Checkout is not supported (not_supported). Each item's metadata (equinox_customer_plan_id) names its plan: a later change of one " +
      "plan (switch, quantity, cancel, the end of its contract) touches only its item while the other plans keep billing.",
    tags: ["Billing"],
    body: multiAttachInputSchema,
    response: billingResponse("MultiAttachResponse"),
    errors: ["customer_not_found", "plan_not_found", "invalid_discount", "not_supported", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/billing.preview_multi_attach",
    operationId: "previewMultiAttach",
    summary: "Preview attaching several plans",
    tags: ["Billing"],
    body: multiAttachInputSchema,
    response: previewAttachResponse,
    errors: ["customer_not_found", "plan_not_found", "invalid_discount", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/billing.update",
    operationId: "updateSubscription",
    summary: "Change or cancel a customer's plan",
    description:
      "cancel_action cancel_immediately, cancel_end_of_cycle or uncancel; with cancel_immediately, refund_last_payment (prorated or full) refunds the " +
      "period's own paid invoice through Stripe (all of it, or the part of the period left), carried out by the outbox after the plan ends (a Stripe " +
      "outage delays it, never loses it); refused for an end customer, a plan not paid through Stripe or not started, and a subscription billing several " +
      "plans. Autumn's free_trial, custom_line_items, billing_cycle_anchor, no_billing_changes, subscription_params, recalculate_balances, " +
      "carry_over_usages and license_quantities answer 501 not_supported by name; invoice_mode is accepted when it matches how the plan is billed. " +
      "feature_quantities change the quantity (prorated); plan_id of another plan of the " +
      "group switches to it: an upgrade now with proration, a downgrade scheduled at the period's end (the running plan runs to it; a paid downgrade is billed " +
      "from the next invoice, unprorated; one to a free plan stops the running plan's billing then). With a downgrade scheduled: a new switch replaces it " +
      "(the scheduled plan is canceled, Stripe back to the price paid before prorating); naming the running plan keeps it (intent uncancel: the downgrade " +
      "is dropped and a cancellation taken back, nothing due; a plan staff scheduled from a later date stays scheduled), as uncancel does; a quantity change " +
      "applies to the running plan for the rest of its period while the downgrade stays scheduled. A switch of a contract plan carries the contract over " +
      "(its end, renew or end there, reminder and term; Stripe's cancel_at kept when it ends there). On a Stripe subscription billing several plans " +
      "(multi_attach), cancel_end_of_cycle or a downgrade to a free plan of one plan removes only its item, without proration (the period is paid; " +
      "Equinox ends the plan at the period's end) and the others keep billing; keeping it (uncancel, naming it) puts its item back at its price, unprorated. " +
      "Stripe-billed plans change their Stripe subscription; free plans and plans billed elsewhere change in Equinox only.",
    tags: ["Billing"],
    body: updateInputSchema,
    response: billingResponse("BillingUpdateResponse"),
    errors: ["customer_not_found", "plan_not_found", "subscription_not_found", "cancel_not_allowed", "invalid_discount", "forbidden", "not_supported", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/billing.preview_update",
    operationId: "previewUpdate",
    summary: "Preview a change of a customer's plan",
    description:
      "What billing.update would do, with its intent, and no change made: an upgrade's proration due today; a downgrade scheduled at the period's end " +
      "(nothing due now, the next cycle at the new plan's price); naming the running plan while a downgrade is scheduled is intent uncancel (nothing due, " +
      "the next cycle the running plan's; a plan staff scheduled from a later date is not outgoing); a switch replacing a scheduled downgrade prorates " +
      "against the price paid for the period; a quantity change while a downgrade is scheduled prorates the running plan now and its next cycle is the " +
      "downgrade's; cancel_end_of_cycle and uncancel are due nothing now, on a subscription billing several plans as on one billing the plan alone; " +
      "cancel_immediately with refund_last_payment shows the refund as a credit line.",
    tags: ["Billing"],
    body: updateInputSchema,
    response: previewUpdateResponse,
    errors: ["customer_not_found", "plan_not_found", "subscription_not_found", "invalid_discount", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/invoices.list",
    operationId: "listInvoices",
    summary: "List invoices",
    description: "The customers' Stripe invoices as Equinox mirrors them (webhooks), newest first; start_cursor takes the previous page's next_cursor.",
    tags: ["Invoices"],
    body: listInvoicesInput,
    response: z.object({ list: z.array(invoiceObject), next_cursor: z.string().nullable() }).meta({ id: "ListInvoicesResponse" }),
    errors: ["customer_not_found"],
  },
  {
    method: "post",
    path: "/v1/invoices.pay",
    operationId: "payInvoice",
    summary: "Mark an invoice paid out of band",
    description: "An open Stripe invoice is marked paid (paid_out_of_band): no charge is attempted. An already paid invoice is answered unchanged.",
    tags: ["Invoices"],
    body: invoiceRefInput,
    response: z.object({ invoice: invoiceObject }).meta({ id: "PayInvoiceResponse" }),
    errors: ["invoice_not_found", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/invoices.void",
    operationId: "voidInvoice",
    summary: "Void an invoice",
    description: "An open or uncollectible Stripe invoice is voided. An already void invoice is answered unchanged.",
    tags: ["Invoices"],
    body: invoiceRefInput,
    response: z.object({ invoice: invoiceObject }).meta({ id: "VoidInvoiceResponse" }),
    errors: ["invoice_not_found", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/invoices.create",
    operationId: "createInvoice",
    summary: "Create a standalone invoice",
    description:
      "A send-invoice Stripe invoice for the customer from catalog plans (list price or a negotiated customize.price; unpriced prepaid feature_quantities bill plan units as attach reads them; " +
      "prorated over period_start → period_end unless prorate is false), features priced on this invoice (customize.items[].price: a feature quantity of that billing_method " +
      "is billed on a line of its own, rounded up to billing_units, per unit or graduated / volume tiers as Stripe counts them; prepaid prorates by default, usage_based not) " +
      "and custom charges; a line may be billed under an existing Stripe price (processors.stripe.price_id: active, same currency, its unit amount the amount given, whole units). " +
      "With Stripe coupons or promotion codes (discounts on the invoice, plans[].discounts on that plan's lines) and a Stripe tax rate (tax_rate_id) on every line; nothing " +
      "else about the customer changes. preview: true answers the lines and totals without creating anything. Equinox has no license plans (license_quantities: not_found) " +
      "and no credit systems (feature_quantities[].usage, customize.items[].feature_override: invalid_request); a usage_based quantity needs its price in customize.items.",
    tags: ["Invoices"],
    body: createInvoiceInput,
    response: z.object({ invoice: invoiceObject.nullable(), preview: invoicePreview }).meta({ id: "CreateInvoiceResponse" }),
    errors: ["customer_not_found", "plan_not_found", "invalid_discount", "not_found", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/invoices.reissue",
    operationId: "reissueInvoice",
    summary: "Void an open invoice and issue a replacement",
    description:
      "The open send-invoice invoice is voided and issued again with the same lines, discounts (the invoice's and each line's own) and default tax rates, on the same subscription, " +
      "due on the original's date unless net_terms_days is given (required once that date has passed). A discount that can no longer be redeemed or a tax rate archived since " +
      "is refused (invalid_request) before anything is voided.",
    tags: ["Invoices"],
    body: reissueInvoiceInput,
    response: z
      .object({ invoice: invoiceObject.nullable(), voided_invoice_id: z.string().nullable(), credit_note_id: z.string().nullable(), preview: invoicePreview })
      .meta({ id: "ReissueInvoiceResponse" }),
    errors: ["invoice_not_found", "not_found", "not_supported", "stripe_error"],
  },
]);
