import { payInvoice } from "../billing";
import { pathParam, type ApiContext, type ApiRoute } from "../context";
import { resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";

function retrieveInvoice(ctx: ApiContext): object {
  const id = pathParam(ctx, "id");
  const invoice = ctx.state.invoices.get(id);
  if (invoice === undefined) throw resourceMissing("invoice", id);
  return invoice;
}

function listInvoices(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.enumOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const);
  const invoices = newestFirst(ctx.state.invoices.values()).filter(
    (invoice) =>
      (customer === undefined || invoice.customer === customer) &&
      (subscription === undefined || invoice.parent?.subscription_details?.subscription === subscription) &&
      (status === undefined || invoice.status === status),
  );
  return paginate(invoices, params, "/v1/invoices");
}

function listInvoiceLines(ctx: ApiContext): object {
  const id = pathParam(ctx, "id");
  const invoice = ctx.state.invoices.get(id);
  if (invoice === undefined) throw resourceMissing("invoice", id);
  return paginate(invoice.lines.data, ctx.params, `/v1/invoices/${id}/lines`);
}

function pay(ctx: ApiContext): object {
  const id = pathParam(ctx, "id");
  const invoice = ctx.state.invoices.get(id);
  if (invoice === undefined) throw resourceMissing("invoice", id);
  payInvoice(ctx.state, ctx.emit, invoice);
  return invoice;
}

export const invoiceRoutes: ApiRoute[] = [
  { method: "GET", path: "/v1/invoices", handler: listInvoices },
  { method: "GET", path: "/v1/invoices/:id/lines", handler: listInvoiceLines },
  { method: "POST", path: "/v1/invoices/:id/pay", handler: pay },
  { method: "GET", path: "/v1/invoices/:id", handler: retrieveInvoice },
];
