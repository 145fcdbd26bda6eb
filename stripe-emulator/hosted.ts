import type { IncomingMessage, ServerResponse } from "node:http";

import { cancelSubscription, completeCheckout } from "./billing";
import type { EmulatorCore } from "./core";
import { StripeApiError } from "./errors";
import { readBody, redirect, sendHtml } from "./http-util";
import { MODES } from "./mode";
import { attemptCollection, payWithTestCard } from "./invoicing";
import { renderCheckoutPage } from "./pages/checkout-page";
import { renderInvoicePage, renderInvoicePdf } from "./pages/invoice-page";
import { escapeHtml, renderPage } from "./pages/layout";
import { renderPortalPage } from "./pages/portal-page";
import { parseForm } from "./params";
import { expireIfDue } from "./routes/checkout";
import type { ModeState } from "./store";

function notFound(res: ServerResponse, what: string): number {
  sendHtml(res, 404, renderPage("Not found", null, `<h1>Not found</h1><p class="muted">${escapeHtml(what)}</p>`));
  return 404;
}

function formField(form: Record<string, unknown>, key: string): string | null {
  const value = form[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function withSessionId(template: string, id: string): string {
  return template.replaceAll("{CHECKOUT_SESSION_ID}", id).replaceAll("%7BCHECKOUT_SESSION_ID%7D", id);
}

async function checkout(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  action: string | undefined,
): Promise<number> {
  // The id carries the mode (cs_test_… / cs_live_…), so no API key is needed here.
  const mode = MODES.find((candidate) => id.startsWith(`cs_${candidate}_`));
  const state = mode === undefined ? undefined : core.states[mode];
  const record = state?.checkoutSessions.get(id);
  if (state === undefined || record === undefined) return notFound(res, "No such checkout session.");
  const emit = core.automaticEmitter(state);
  expireIfDue(state, emit, record);
  const session = record.session;
  const method = req.method ?? "GET";

  if (action === undefined && method === "GET") {
    sendHtml(res, session.status === "expired" ? 410 : 200, renderCheckoutPage(state, record));
    return session.status === "expired" ? 410 : 200;
  }
  if (action === "cancel" && method === "GET") {
    if (session.cancel_url === null || session.status !== "open") {
      sendHtml(res, 200, renderCheckoutPage(state, record));
      return 200;
    }
    redirect(res, session.cancel_url);
    return 303;
  }
  if (action === "pay" && method === "POST") {
    const form = parseForm(await readBody(req));
    if (session.status === "open") {
      if (form.outcome === "decline") {
        sendHtml(res, 402, renderCheckoutPage(state, record, { error: "Your card was declined. Try again or use another card." }));
        return 402;
      }
      try {
        completeCheckout(state, emit, record, { email: formField(form, "email"), name: formField(form, "name") });
      } catch (err) {
        if (!(err instanceof StripeApiError)) throw err;
        sendHtml(res, 400, renderCheckoutPage(state, record, { error: err.message }));
        return 400;
      }
    } else if (session.status === "expired") {
      sendHtml(res, 410, renderCheckoutPage(state, record));
      return 410;
    }
    // Also reached on a double-submitted form: the completed session just redirects again.
    const next = session.success_url ?? session.return_url;
    if (next === null || next === undefined) {
      sendHtml(res, 200, renderCheckoutPage(state, record));
      return 200;
    }
    redirect(res, withSessionId(next, session.id));
    return 303;
  }
  return notFound(res, "Unknown checkout action.");
}

function portalState(core: EmulatorCore, id: string): ModeState | undefined {
  return MODES.map((mode) => core.states[mode]).find((state) => state.portalSessions.has(id));
}

async function portal(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  id: string,
  action: string | undefined,
): Promise<number> {
  const state = portalState(core, id);
  const session = state?.portalSessions.get(id);
  if (state === undefined || session === undefined) return notFound(res, "No such billing portal session.");
  const method = req.method ?? "GET";
  if (action === undefined && method === "GET") {
    const canceled = url.searchParams.get("canceled");
    const notice = canceled === null ? undefined : "Your subscription has been canceled.";
    sendHtml(res, 200, renderPortalPage(state, session, notice === undefined ? {} : { notice }));
    return 200;
  }
  if (action === "cancel" && method === "POST") {
    const form = parseForm(await readBody(req));
    const subscriptionId = formField(form, "subscription");
    const subscription = subscriptionId === null ? undefined : state.subscriptions.get(subscriptionId);
    if (subscription === undefined || subscription.customer !== session.customer) {
      return notFound(res, "No such subscription for this customer.");
    }
    if (subscription.status !== "canceled") {
      cancelSubscription(state, core.automaticEmitter(state), subscription, { reason: "cancellation_requested" });
    }
    // Relative, so it works behind whatever publicUrl the page was served from.
    redirect(res, `/billing_portal/${encodeURIComponent(id)}?canceled=${encodeURIComponent(subscription.id)}`);
    return 303;
  }
  return notFound(res, "Unknown billing portal action.");
}

function invoiceState(core: EmulatorCore, id: string): ModeState | undefined {
  return MODES.map((mode) => core.states[mode]).find((state) => state.invoices.has(id));
}

/** Stripe's hosted invoice page (`hosted_invoice_url`) and its PDF (`invoice_pdf`). */
async function invoicePage(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  id: string,
  action: string | undefined,
): Promise<number> {
  const state = invoiceState(core, id);
  const invoice = state?.invoices.get(id);
  // Drafts have no hosted page on Stripe either: the link appears at finalization.
  if (state === undefined || invoice === undefined || invoice.status === "draft") return notFound(res, "No such invoice.");
  const method = req.method ?? "GET";
  if (action === undefined && method === "GET") {
    const notice = url.searchParams.get("paid") === null ? {} : { notice: "Invoice paid. Thank you!" };
    sendHtml(res, 200, renderInvoicePage(state, invoice, notice));
    return 200;
  }
  if (action === "pdf" && method === "GET") {
    const pdf = renderInvoicePdf(invoice);
    res.writeHead(200, {
      "Content-Type": "application/pdf",
      "Content-Length": pdf.length,
      "Content-Disposition": `inline; filename="${invoice.number ?? invoice.id}.pdf"`,
    });
    res.end(pdf);
    return 200;
  }
  if (action === "pay" && method === "POST") {
    const form = parseForm(await readBody(req));
    const emit = core.automaticEmitter(state);
    if (invoice.status === "paid") {
      redirect(res, `/invoice/${encodeURIComponent(id)}?paid=1`);
      return 303;
    }
    if (invoice.status !== "open" && invoice.status !== "uncollectible") {
      sendHtml(res, 400, renderInvoicePage(state, invoice, { error: `This invoice is ${invoice.status} and can no longer be paid.` }));
      return 400;
    }
    if (form.outcome === "decline") {
      attemptCollection(state, emit, invoice, "failed");
      sendHtml(res, 402, renderInvoicePage(state, invoice, { error: "Your card was declined. Try again or use another card." }));
      return 402;
    }
    payWithTestCard(state, emit, invoice);
    redirect(res, `/invoice/${encodeURIComponent(id)}?paid=1`);
    return 303;
  }
  return notFound(res, "Unknown invoice action.");
}

/** `/checkout/:id[/pay|/cancel]`, `/billing_portal/:id[/cancel]` and `/invoice/:id[/pay|/pdf]`. */
export async function handleHosted(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<number> {
  core.advanceClock();
  const [, area, rawId, action, ...rest] = url.pathname.split("/");
  if (rawId === undefined || rawId === "" || rest.length > 0) return notFound(res, "Unknown page.");
  const id = decodeURIComponent(rawId);
  if (area === "checkout") return checkout(core, req, res, id, action);
  if (area === "billing_portal") return portal(core, req, res, url, id, action);
  if (area === "invoice") return invoicePage(core, req, res, url, id, action);
  return notFound(res, "Unknown page.");
}
