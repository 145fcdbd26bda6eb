import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { parameterMissing, resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";
import { applyMetadata } from "../params";
import { createRefund } from "../refunds";

function create(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(["amount", "expand", "metadata", "payment_intent", "reason"]);
  const intentId = params.string("payment_intent");
  if (intentId === undefined) throw parameterMissing("payment_intent");
  const intent = state.paymentIntents.get(intentId);
  if (intent === undefined) throw resourceMissing("payment_intent", intentId, "payment_intent");
  return createRefund(state, ctx.emit, {
    intent,
    amount: params.integer("amount", { min: 1 }),
    reason: params.enumOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null,
    metadata: applyMetadata({}, params.metadata()),
  });
}

function list(ctx: ApiContext): object {
  const { params } = ctx;
  const intent = params.string("payment_intent");
  const refunds = newestFirst(ctx.state.refunds.values()).filter((refund) => intent === undefined || refund.payment_intent === intent);
  return paginate(refunds, params, "/v1/refunds");
}

function retrieve(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.refunds, "refund");
}

function listInvoicePayments(ctx: ApiContext): object {
  const { params } = ctx;
  const invoice = params.string("invoice");
  const payments = newestFirst(ctx.state.invoicePayments.values()).filter((payment) => invoice === undefined || payment.invoice === invoice);
  return paginate(payments, params, "/v1/invoice_payments");
}

function retrieveInvoicePayment(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.invoicePayments, "invoice_payment");
}

export const refundRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/refunds", handler: create },
  { method: "GET", path: "/v1/refunds", handler: list },
  { method: "GET", path: "/v1/refunds/:id", handler: retrieve },
  { method: "GET", path: "/v1/invoice_payments", handler: listInvoicePayments },
  { method: "GET", path: "/v1/invoice_payments/:id", handler: retrieveInvoicePayment },
];
