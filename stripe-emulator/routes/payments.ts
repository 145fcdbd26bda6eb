import { pathParam, type ApiContext, type ApiRoute } from "../context";
import { resourceMissing } from "../errors";
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
  const id = pathParam(ctx, "id");
  const method = ctx.state.paymentMethods.get(id);
  if (method === undefined) throw resourceMissing("PaymentMethod", id);
  return method;
}

function retrieveSetupIntent(ctx: ApiContext): object {
  const id = pathParam(ctx, "id");
  const intent = ctx.state.setupIntents.get(id);
  if (intent === undefined) throw resourceMissing("setupintent", id, "intent");
  return intent;
}

function retrievePaymentIntent(ctx: ApiContext): object {
  const id = pathParam(ctx, "id");
  const intent = ctx.state.paymentIntents.get(id);
  if (intent === undefined) throw resourceMissing("payment_intent", id, "intent");
  return intent;
}

export const paymentRoutes: ApiRoute[] = [
  { method: "GET", path: "/v1/payment_methods", handler: listPaymentMethods },
  { method: "GET", path: "/v1/payment_methods/:id", handler: retrievePaymentMethod },
  { method: "GET", path: "/v1/setup_intents/:id", handler: retrieveSetupIntent },
  { method: "GET", path: "/v1/payment_intents/:id", handler: retrievePaymentIntent },
];
