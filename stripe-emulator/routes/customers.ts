import type Stripe from "stripe";

import { cancelSubscription, storeNewCustomer, updateAndEmit } from "../billing";
import { pathObject, pathParam, type ApiContext, type ApiRoute } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";
import { buildCustomer, deletedCustomer } from "../objects/customer";
import { applyMetadata, type Params } from "../params";
import { liveCustomer } from "../store";

const CREATE_PARAMS = [
  "address",
  "balance",
  "business_name",
  "cash_balance",
  "description",
  "email",
  "expand",
  "individual_name",
  "invoice_prefix",
  "invoice_settings",
  "metadata",
  "name",
  "next_invoice_sequence",
  "payment_method",
  "phone",
  "preferred_locales",
  "shipping",
  "source",
  "tax",
  "tax_exempt",
  "tax_id_data",
  "test_clock",
  "validate",
] as const;

const UPDATE_PARAMS = [
  "address",
  "balance",
  "business_name",
  "cash_balance",
  "default_source",
  "description",
  "email",
  "expand",
  "individual_name",
  "invoice_prefix",
  "invoice_settings",
  "metadata",
  "name",
  "next_invoice_sequence",
  "phone",
  "preferred_locales",
  "shipping",
  "source",
  "tax",
  "tax_exempt",
  "validate",
] as const;

/** Accepted by Stripe, but they change behaviour the emulator does not model. */
const UNSUPPORTED = ["source", "default_source", "test_clock", "payment_method", "tax_id_data"];

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function email(params: Params): string | null | undefined {
  const value = params.nullableString("email");
  if (typeof value === "string" && (value.length > 512 || !EMAIL.test(value))) {
    throw invalidRequest(`Invalid email address: ${value}`, "email", "email_invalid");
  }
  return value;
}

function address(params: Params): Stripe.Address | null | undefined {
  if (params.raw.address === "") return null;
  const input = params.object("address");
  if (input === undefined) return undefined;
  input.allowOnly(["city", "country", "line1", "line2", "postal_code", "state"]);
  return {
    city: input.string("city") ?? null,
    country: input.string("country") ?? null,
    line1: input.string("line1") ?? null,
    line2: input.string("line2") ?? null,
    postal_code: input.string("postal_code") ?? null,
    state: input.string("state") ?? null,
  };
}

function existingCustomer(ctx: ApiContext): Stripe.Customer {
  const id = pathParam(ctx, "id");
  const customer = liveCustomer(ctx.state, id);
  if (customer === undefined) throw resourceMissing("customer", id);
  return customer;
}

function defaultPaymentMethod(ctx: ApiContext, customerId: string | null): string | null | undefined {
  const settings = ctx.params.object("invoice_settings");
  if (settings === undefined) return undefined;
  const param = settings.path("default_payment_method");
  const id = settings.nullableString("default_payment_method");
  if (id === undefined || id === null) return id;
  const paymentMethod = ctx.state.paymentMethods.get(id);
  if (paymentMethod === undefined) throw resourceMissing("PaymentMethod", id, param);
  if (customerId === null || paymentMethod.customer !== customerId) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      param,
    );
  }
  return id;
}

/** Applies the fields shared by create and update. */
function applyFields(ctx: ApiContext, customer: Stripe.Customer): void {
  const { params } = ctx;
  const nextEmail = email(params);
  if (nextEmail !== undefined) customer.email = nextEmail;
  const name = params.nullableString("name");
  if (name !== undefined) customer.name = name;
  const description = params.nullableString("description");
  if (description !== undefined) customer.description = description;
  const phone = params.nullableString("phone");
  if (phone !== undefined) customer.phone = phone;
  const nextAddress = address(params);
  if (nextAddress !== undefined) customer.address = nextAddress;
  const locales = params.stringArray("preferred_locales");
  if (locales !== undefined) customer.preferred_locales = locales;
  const balance = params.integer("balance");
  if (balance !== undefined) customer.balance = balance;
  const prefix = params.string("invoice_prefix");
  if (prefix !== undefined) {
    if (!/^[A-Z0-9]{3,12}$/.test(prefix)) {
      throw invalidRequest("Invoice prefix must be 3-12 uppercase letters or numbers.", "invoice_prefix");
    }
    customer.invoice_prefix = prefix;
  }
  const sequence = params.integer("next_invoice_sequence", { min: 1 });
  if (sequence !== undefined) customer.next_invoice_sequence = sequence;
  const taxExempt = params.enumOf("tax_exempt", ["none", "exempt", "reverse"] as const);
  if (taxExempt !== undefined) customer.tax_exempt = taxExempt;
  const footer = params.object("invoice_settings")?.nullableString("footer");
  if (footer !== undefined) customer.invoice_settings.footer = footer;
  const paymentMethod = defaultPaymentMethod(ctx, customer.id);
  if (paymentMethod !== undefined) customer.invoice_settings.default_payment_method = paymentMethod;
  customer.metadata = applyMetadata(customer.metadata, params.metadata());
}

function create(ctx: ApiContext): object {
  ctx.params.allowOnly(CREATE_PARAMS);
  ctx.params.rejectUnsupported(UNSUPPORTED);
  if (ctx.params.object("invoice_settings")?.has("default_payment_method")) {
    throw invalidRequest(
      "A new customer has no attached payment methods; set invoice_settings[default_payment_method] once one is attached.",
      "invoice_settings[default_payment_method]",
    );
  }
  // Fully validated before it is stored or announced.
  const customer = buildCustomer(ctx.state, {});
  applyFields(ctx, customer);
  return storeNewCustomer(ctx.state, ctx.emit, customer);
}

function retrieve(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.customers, "customer");
}

function update(ctx: ApiContext): object {
  ctx.params.allowOnly(UPDATE_PARAMS);
  ctx.params.rejectUnsupported(UNSUPPORTED);
  const customer = existingCustomer(ctx);
  // Validate against a copy first so a bad param leaves the customer untouched.
  applyFields(ctx, structuredClone(customer));
  updateAndEmit(ctx.emit, "customer.updated", customer, () => applyFields(ctx, customer));
  return customer;
}

function remove(ctx: ApiContext): object {
  const customer = existingCustomer(ctx);
  for (const subscription of ctx.state.subscriptions.values()) {
    if (subscription.customer === customer.id && subscription.status !== "canceled") {
      cancelSubscription(ctx.state, ctx.emit, subscription, { reason: "cancellation_requested" });
    }
  }
  const tombstone = deletedCustomer(customer.id);
  ctx.state.customers.set(customer.id, tombstone);
  ctx.emit("customer.deleted", customer);
  return tombstone;
}

function list(ctx: ApiContext): object {
  ctx.params.allowOnly(["created", "email", "ending_before", "expand", "limit", "starting_after", "test_clock"]);
  const email = ctx.params.string("email");
  const customers = newestFirst(ctx.state.customers.values()).filter(
    (customer): customer is Stripe.Customer =>
      customer.deleted !== true && (email === undefined || customer.email === email),
  );
  return paginate(customers, ctx.params, "/v1/customers");
}

function listPaymentMethods(ctx: ApiContext): object {
  const customer = existingCustomer(ctx);
  const type = ctx.params.string("type");
  const methods = newestFirst(ctx.state.paymentMethods.values()).filter(
    (method) => method.customer === customer.id && (type === undefined || method.type === type),
  );
  return paginate(methods, ctx.params, `/v1/customers/${customer.id}/payment_methods`);
}

export const customerRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/customers", handler: create },
  { method: "GET", path: "/v1/customers", handler: list },
  { method: "GET", path: "/v1/customers/:id/payment_methods", handler: listPaymentMethods },
  { method: "GET", path: "/v1/customers/:id", handler: retrieve },
  { method: "POST", path: "/v1/customers/:id", handler: update },
  { method: "DELETE", path: "/v1/customers/:id", handler: remove },
];
