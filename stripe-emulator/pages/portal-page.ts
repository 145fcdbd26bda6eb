import type Stripe from "stripe";

import { productName } from "../objects/catalog";
import { subscriptionPeriod } from "../objects/subscription";
import type { ModeState } from "../store";
import { escapeHtml, formatAmount, formatDate, intervalLabel, renderPage } from "./layout";

function statusBadge(subscription: Stripe.Subscription): string {
  const warn = ["past_due", "unpaid", "incomplete"].includes(subscription.status);
  const off = subscription.status === "canceled";
  return `<span class="status${warn ? " warn" : off ? " off" : ""}">${escapeHtml(subscription.status.replace("_", " "))}</span>`;
}

function subscriptionCard(state: ModeState, session: Stripe.BillingPortal.Session, subscription: Stripe.Subscription): string {
  const items = subscription.items.data
    .map((item) => {
      const recurring = item.price.recurring;
      const cadence = recurring ? ` ${intervalLabel(recurring.interval, recurring.interval_count)}` : "";
      const quantity = (item.quantity ?? 1) === 1 ? "" : ` × ${item.quantity}`;
      return `<div class="row"><span>${escapeHtml(productName(state, item.price))}${quantity}</span><span>${formatAmount((item.price.unit_amount ?? 0) * (item.quantity ?? 1), item.price.currency)}<span class="muted">${cadence}</span></span></div>`;
    })
    .join("");
  const { end } = subscriptionPeriod(subscription);
  const when = subscription.cancel_at_period_end
    ? `Cancels on ${formatDate(end)}`
    : subscription.status === "trialing"
      ? `Trial ends on ${formatDate(subscription.trial_end ?? end)}`
      : `Renews on ${formatDate(end)}`;
  const action = `/billing_portal/${encodeURIComponent(session.id)}/cancel`;
  return `<div class="sub">
${items}
<div class="row" style="margin-top:8px"><span class="muted">${statusBadge(subscription)} ${escapeHtml(when)}</span>
<form method="post" action="${action}"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}"><button class="danger" type="submit">Cancel subscription</button></form></div>
</div>`;
}

export function renderPortalPage(
  state: ModeState,
  session: Stripe.BillingPortal.Session,
  options: { notice?: string } = {},
): string {
  const customer = state.customers.get(session.customer);
  const who = customer && customer.deleted !== true ? customer.email ?? customer.name ?? customer.id : session.customer;
  const subscriptions = [...state.subscriptions.values()]
    .reverse()
    .filter((subscription) => subscription.customer === session.customer && subscription.status !== "canceled");
  const methods = [...state.paymentMethods.values()].filter((method) => method.customer === session.customer);
  const defaultMethod = customer && customer.deleted !== true ? customer.invoice_settings.default_payment_method : null;
  const notice = options.notice === undefined ? "" : `<div class="notice" role="status">${escapeHtml(options.notice)}</div>`;
  const subs =
    subscriptions.length === 0
      ? `<p class="muted">No active subscriptions.</p>`
      : subscriptions.map((subscription) => subscriptionCard(state, session, subscription)).join("\n");
  const cards =
    methods.length === 0
      ? `<p class="muted">No saved payment methods.</p>`
      : methods
          .map(
            (method) =>
              `<div class="row"><span>${escapeHtml((method.card?.brand ?? method.type).toUpperCase())} •••• ${escapeHtml(method.card?.last4 ?? "")}</span><span class="muted">${method.id === defaultMethod ? "Default" : ""}</span></div>`,
          )
          .join("");
  const back = session.return_url === null ? "" : `<p><a href="${escapeHtml(session.return_url)}">← Return</a></p>`;
  const body = `<h1>Billing</h1>
<p class="muted">${escapeHtml(who)}</p>
${notice}
<h2>Subscriptions</h2>
${subs}
<h2>Payment methods</h2>
${cards}
${back}`;
  return renderPage("Billing portal", state.mode, body);
}
