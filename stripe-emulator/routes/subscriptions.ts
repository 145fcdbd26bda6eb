import type Stripe from "stripe";

import { cancelSubscription, updateAndEmit } from "../billing";
import { pathParam, type ApiContext, type ApiRoute } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";
import { subscriptionPeriod } from "../objects/subscription";
import { applyMetadata } from "../params";

const UPDATE_PARAMS = [
  "add_invoice_items",
  "application_fee_percent",
  "automatic_tax",
  "billing_cycle_anchor",
  "billing_schedules",
  "billing_thresholds",
  "cancel_at",
  "cancel_at_period_end",
  "cancellation_details",
  "collection_method",
  "days_until_due",
  "default_payment_method",
  "default_source",
  "default_tax_rates",
  "description",
  "discounts",
  "expand",
  "invoice_settings",
  "items",
  "metadata",
  "off_session",
  "on_behalf_of",
  "pause_collection",
  "payment_behavior",
  "payment_settings",
  "pending_invoice_item_interval",
  "proration_behavior",
  "proration_date",
  "transfer_data",
  "trial_end",
  "trial_from_plan",
  "trial_settings",
] as const;

/** Plan changes, prorations, pauses and trials need billing logic the emulator does not have. */
const UNSUPPORTED = [
  "add_invoice_items",
  "billing_cycle_anchor",
  "billing_schedules",
  "cancel_at",
  "collection_method",
  "default_source",
  "discounts",
  "items",
  "pause_collection",
  "trial_end",
  "trial_from_plan",
];

const STATUSES = [
  "active",
  "all",
  "canceled",
  "ended",
  "incomplete",
  "incomplete_expired",
  "past_due",
  "paused",
  "trialing",
  "unpaid",
] as const;

function existing(ctx: ApiContext): Stripe.Subscription {
  const id = pathParam(ctx, "id");
  const subscription = ctx.state.subscriptions.get(id);
  if (subscription === undefined) throw resourceMissing("subscription", id);
  return subscription;
}

function retrieve(ctx: ApiContext): object {
  return existing(ctx);
}

function list(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const price = params.string("price") ?? params.string("plan");
  const status = params.enumOf("status", STATUSES);
  const subscriptions = newestFirst(ctx.state.subscriptions.values()).filter((subscription) => {
    if (customer !== undefined && subscription.customer !== customer) return false;
    if (price !== undefined && !subscription.items.data.some((item) => item.price.id === price)) return false;
    // Stripe's default list leaves canceled subscriptions out.
    if (status === undefined) return subscription.status !== "canceled";
    if (status === "all") return true;
    if (status === "ended") return subscription.status === "canceled" || subscription.status === "incomplete_expired";
    return subscription.status === status;
  });
  return paginate(subscriptions, params, "/v1/subscriptions");
}

function update(ctx: ApiContext): object {
  const { params } = ctx;
  params.allowOnly(UPDATE_PARAMS);
  params.rejectUnsupported(UNSUPPORTED);
  const subscription = existing(ctx);
  if (
    subscription.status === "canceled" &&
    params.keys().some((key) => !["metadata", "cancellation_details", "expand"].includes(key))
  ) {
    throw invalidRequest(
      "A canceled subscription can only update its cancellation_details and metadata.",
    );
  }
  const cancelAtPeriodEnd = params.boolean("cancel_at_period_end");
  const metadata = params.metadata();
  const description = params.nullableString("description");
  const details = params.object("cancellation_details");
  const comment = details?.nullableString("comment");
  const feedback = details?.nullableString("feedback");
  const paymentMethod = params.nullableString("default_payment_method");
  if (typeof paymentMethod === "string") {
    const method = ctx.state.paymentMethods.get(paymentMethod);
    if (method === undefined) throw resourceMissing("PaymentMethod", paymentMethod, "default_payment_method");
    if (method.customer !== subscription.customer) {
      throw invalidRequest(
        "The payment method must be attached to the subscription's customer.",
        "default_payment_method",
      );
    }
  }
  const nextMetadata = applyMetadata(subscription.metadata, metadata);

  updateAndEmit(ctx.emit, "customer.subscription.updated", subscription, () => {
    if (cancelAtPeriodEnd !== undefined) {
      subscription.cancel_at_period_end = cancelAtPeriodEnd;
      subscription.cancel_at = cancelAtPeriodEnd ? subscriptionPeriod(subscription).end : null;
      subscription.canceled_at = cancelAtPeriodEnd ? Math.floor(Date.now() / 1000) : null;
      const current = subscription.cancellation_details ?? {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: null,
      };
      subscription.cancellation_details = {
        ...current,
        reason: cancelAtPeriodEnd ? "cancellation_requested" : null,
      };
    }
    if (comment !== undefined || feedback !== undefined) {
      const current = subscription.cancellation_details ?? {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: null,
      };
      subscription.cancellation_details = {
        ...current,
        ...(comment === undefined ? {} : { comment }),
        ...(feedback === undefined ? {} : { feedback }),
      };
    }
    if (description !== undefined) subscription.description = description;
    if (paymentMethod !== undefined) subscription.default_payment_method = paymentMethod;
    subscription.metadata = nextMetadata;
  });
  return subscription;
}

function cancel(ctx: ApiContext): object {
  ctx.params.allowOnly(["cancellation_details", "expand", "invoice_now", "prorate"]);
  const subscription = existing(ctx);
  const comment = ctx.params.object("cancellation_details")?.nullableString("comment");
  cancelSubscription(ctx.emit, subscription, {
    reason: "cancellation_requested",
    comment: comment ?? null,
  });
  return subscription;
}

export const subscriptionRoutes: ApiRoute[] = [
  { method: "GET", path: "/v1/subscriptions", handler: list },
  { method: "GET", path: "/v1/subscriptions/:id", handler: retrieve },
  { method: "POST", path: "/v1/subscriptions/:id", handler: update },
  { method: "DELETE", path: "/v1/subscriptions/:id", handler: cancel },
];
