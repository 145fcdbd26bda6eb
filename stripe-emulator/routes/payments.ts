import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { newestFirst, paginate } from "../list";

function listPaymentMethods(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const type = params.string("type");
  const methods = newestFirst(ctx.state.paymentMethods.values()).filter(
    (method) =>
      (customer === undefined || method.customer === customer) &&
      (type === undefined || method.type === type),
  );
  return paginate(methods, params, "/v1/payment_methods");
}

function retrievePaymentMethod(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.paymentMethods, "PaymentMethod");
}

function retrieveSetupIntent(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.setupIntents, "setupintent", "intent");
}

function retrievePaymentIntent(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.paymentIntents, "payment_intent", "intent");
}

export const paymentRoutes: ApiRoute[] = [
  { method: "GET", path: "/v1/payment_methods", handler: listPaymentMethods },
  { method: "GET", path: "/v1/payment_methods/:id", handler: retrievePaymentMethod },
  { method: "GET", path: "/v1/setup_intents/:id", handler: retrieveSetupIntent },
  { method: "GET", path: "/v1/payment_intents/:id", handler: retrievePaymentIntent },
];
