import type Stripe from "stripe";

import type { CheckoutRecord, ModeState } from "../store";
import { escapeHtml, formatAmount, intervalLabel, renderPage } from "./layout";

function lineRow(item: Stripe.LineItem): string {
  const recurring = item.price?.recurring;
  const cadence = recurring ? ` <span class="muted">${intervalLabel(recurring.interval, recurring.interval_count)}</span>` : "";
  const quantity = item.quantity !== null && item.quantity !== 1 ? ` <span class="muted">× ${item.quantity}</span>` : "";
  return `<tr><td>${escapeHtml(item.description ?? "Item")}${quantity}</td><td class="amount">${formatAmount(item.amount_total, item.currency)}${cadence}</td></tr>`;
}

function summary(record: CheckoutRecord): string {
  const session = record.session;
  if (session.mode === "setup") {
    return `<p class="muted">Save a card for future payments. You will not be charged now.</p>`;
  }
  const currency = session.currency ?? "usd";
  const trialDays = record.subscriptionData.trialPeriodDays;
  const trial =
    trialDays === null ? "" : `<p class="notice">${trialDays}-day free trial — nothing is charged for recurring items today.</p>`;
  return `<table>
${record.lineItems.map(lineRow).join("\n")}
<tr class="total"><td>Total</td><td class="amount">${formatAmount(session.amount_total ?? 0, currency)}</td></tr>
</table>${trial}`;
}

function submitLabel(session: Stripe.Checkout.Session): string {
  if (session.mode === "setup") return "Save card";
  if (session.mode === "subscription") return "Subscribe";
  return `Pay ${formatAmount(session.amount_total ?? 0, session.currency ?? "usd")}`;
}

export function renderCheckoutPage(
  state: ModeState,
  record: CheckoutRecord,
  options: { error?: string } = {},
): string {
  const session = record.session;
  const title = session.mode === "setup" ? "Set up payment" : "Checkout";
  if (session.status === "complete") {
    const next = session.success_url ?? session.return_url;
    const link = next ? `<p><a href="${escapeHtml(next.replace("{CHECKOUT_SESSION_ID}", session.id))}">Continue</a></p>` : "";
    return renderPage(title, state.mode, `<h1>Payment complete</h1><p class="muted">This checkout session is already complete.</p>${link}`);
  }
  if (session.status === "expired") {
    return renderPage(title, state.mode, `<h1>Session expired</h1><p class="muted">This checkout session has expired. Start again from the application.</p>`);
  }
  const customerId = typeof session.customer === "string" ? session.customer : null;
  const customer = customerId === null ? undefined : state.customers.get(customerId);
  const email = (customer && customer.deleted !== true ? customer.email : null) ?? session.customer_email ?? "";
  const base = `/checkout/${encodeURIComponent(session.id)}`;
  const error = options.error === undefined ? "" : `<div class="error" role="alert">${escapeHtml(options.error)}</div>`;
  const cancel =
    session.cancel_url === null ? "" : `<a href="${base}/cancel">Cancel and return</a>`;
  const body = `<h1>${title}</h1>
${summary(record)}
<form method="post" action="${base}/pay">
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${escapeHtml(email)}" autocomplete="email">
<label for="name">Name on card</label>
<input id="name" name="name" type="text" value="${escapeHtml(customer && customer.deleted !== true ? customer.name ?? "" : "")}" autocomplete="cc-name">
<label for="card">Card</label>
<input id="card" type="text" value="4242 4242 4242 4242   12 / ${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}   CVC 424" disabled>
${error}
<div class="actions">
<button class="primary" type="submit" name="outcome" value="succeed">${escapeHtml(submitLabel(session))}</button>
<button class="secondary" type="submit" name="outcome" value="decline">Simulate declined card</button>
</div>
</form>
<p>${cancel}</p>`;
  return renderPage(title, state.mode, body);
}
