import type { IncomingMessage, ServerResponse } from "node:http";

import Stripe from "stripe";

import type { ApiContext, ApiHandler, ApiRoute } from "./context";
import type { EmulatorCore } from "./core";
import {
  StripeApiError,
  apiError,
  authenticationError,
  unrecognizedUrl,
} from "./errors";
import { applyExpand, type ExpandSources } from "./expand";
import { readBody, sendJson } from "./http-util";
import { requestFingerprint, type StoredResponse } from "./idempotency";
import { clientSecret, newId } from "./ids";
import { isRecord, toJson } from "./json";
import { modeFromSecretKey, type Mode } from "./mode";
import { Params, expandPaths, parseForm } from "./params";
import { Router } from "./router";
import { catalogRoutes } from "./routes/catalog";
import { checkoutRoutes } from "./routes/checkout";
import { customerRoutes } from "./routes/customers";
import { billingPortalRoutes } from "./routes/billing-portal";
import { eventRoutes } from "./routes/events";
import { couponRoutes } from "./routes/coupons";
import { invoiceItemRoutes } from "./routes/invoice-items";
import { invoiceRoutes } from "./routes/invoices";
import { paymentRoutes } from "./routes/payments";
import { refundRoutes } from "./routes/refunds";
import { subscriptionRoutes } from "./routes/subscriptions";
import { taxRateRoutes } from "./routes/tax-rates";
import { findObject, type ModeState } from "./store";

const ROUTES: ApiRoute[] = [
  ...customerRoutes,
  ...catalogRoutes,
  ...checkoutRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...invoiceItemRoutes,
  ...couponRoutes,
  ...paymentRoutes,
  ...refundRoutes,
  ...taxRateRoutes,
  ...billingPortalRoutes,
  ...eventRoutes,
];

function buildRouter(): Router<ApiHandler> {
  const router = new Router<ApiHandler>();
  for (const route of ROUTES) router.add({ method: route.method, path: route.path, value: route.handler });
  return router;
}

const router = buildRouter();

function redact(key: string): string {
  return key.length <= 12 ? key : `${key.slice(0, 8)}${"*".repeat(Math.min(12, key.length - 12))}${key.slice(-4)}`;
}

/** Accepts `Bearer sk_…` (stripe-node) and `Basic base64(sk_…:)` (curl -u). */
export function authenticate(header: string | undefined): Mode {
  if (header === undefined || header.trim() === "") {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const [scheme = "", credential = ""] = header.trim().split(/\s+/, 2);
  let key = credential;
  if (scheme.toLowerCase() === "basic") {
    key = Buffer.from(credential, "base64").toString("utf8").split(":")[0] ?? "";
  } else if (scheme.toLowerCase() !== "bearer") {
    throw authenticationError("Invalid authorization header. Use 'Authorization: Bearer YOUR_SECRET_KEY'.");
  }
  const mode = modeFromSecretKey(key);
  if (mode === null) throw authenticationError(`Invalid API Key provided: ${redact(key)}`);
  return mode;
}

function expandSources(state: ModeState): ExpandSources {
  return {
    resolve(id) {
      const found = findObject(state, id);
      return found === undefined ? undefined : toJson(found);
    },
    virtual(owner, field) {
      if (owner.object === "checkout.session" && field === "line_items" && typeof owner.id === "string") {
        const record = state.checkoutSessions.get(owner.id);
        if (record === undefined) return undefined;
        return toJson({
          object: "list",
          data: record.lineItems,
          has_more: false,
          url: `/v1/checkout/sessions/${owner.id}/line_items`,
        });
      }
      if (owner.object === "invoice" && field === "confirmation_secret") {
        // What a client confirms to pay an open invoice (e.g. a default_incomplete first invoice).
        if (owner.status !== "open" || typeof owner.id !== "string") return null;
        return { client_secret: clientSecret(`pi_${owner.id.replace(/^in_/, "")}`), type: "payment_intent" };
      }
      if (owner.object === "customer" && field === "subscriptions" && typeof owner.id === "string") {
        const data = [...state.subscriptions.values()]
          .reverse()
          .filter((subscription) => subscription.customer === owner.id && subscription.status !== "canceled");
        return toJson({ object: "list", data, has_more: false, url: `/v1/customers/${owner.id}/subscriptions` });
      }
      return undefined;
    },
  };
}

function errorResponse(error: StripeApiError): StoredResponse {
  return { status: error.status, body: JSON.stringify(error.toBody(), null, 2) };
}

/** Handles one `/v1/...` request end to end: auth, params, idempotency, routing, expand. */
export async function handleApi(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<{ status: number; mode: Mode | null }> {
  const method = req.method ?? "GET";
  const requestId = newId("req");
  const stripeVersion = req.headers["stripe-version"];
  const baseHeaders: Record<string, string> = {
    "Request-Id": requestId,
    "Stripe-Version": typeof stripeVersion === "string" ? stripeVersion : Stripe.API_VERSION,
  };
  let mode: Mode | null = null;
  try {
    mode = authenticate(req.headers.authorization);
    const body = method === "POST" ? await readBody(req) : "";
    const query = parseForm(url.search.slice(1));
    const raw = method === "POST" ? { ...query, ...parseForm(body) } : query;
    core.advanceClock();
    const match = router.match(method, url.pathname);
    if (match === null) throw unrecognizedUrl(method, url.pathname);

    const keyHeader = req.headers["idempotency-key"];
    const idempotencyKey = method === "POST" && typeof keyHeader === "string" && keyHeader !== "" ? keyHeader : null;
    const state = core.states[mode];
    const activeMode = mode;
    const execute = async (): Promise<StoredResponse> => {
      const params = Params.of(raw);
      const ctx: ApiContext = {
        mode: activeMode,
        state,
        params,
        pathParams: match.params,
        emit: core.events.emitter(state, { requestId, idempotencyKey }),
        publicUrl: core.publicUrl,
      };
      try {
        const expand = expandPaths(params);
        const result = toJson(match.value(ctx));
        if (expand.length > 0) applyExpand(result, expand, expandSources(state));
        return { status: 200, body: JSON.stringify(result, null, 2) };
      } catch (err) {
        if (err instanceof StripeApiError) return errorResponse(err);
        core.log(`internal error on ${method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
        return errorResponse(apiError());
      }
    };

    if (idempotencyKey === null) {
      const response = await execute();
      sendJson(res, response.status, response.body, baseHeaders);
      return { status: response.status, mode };
    }
    const fingerprint = requestFingerprint(method, url.pathname, isRecord(raw) ? raw : {});
    const response = await core.idempotency.run(mode, idempotencyKey, fingerprint, execute);
    sendJson(res, response.status, response.body, {
      ...baseHeaders,
      "Idempotency-Key": idempotencyKey,
      ...(response.replayed ? { "Idempotent-Replayed": "true" } : {}),
    });
    return { status: response.status, mode };
  } catch (err) {
    const error = err instanceof StripeApiError ? err : apiError();
    if (!(err instanceof StripeApiError)) {
      core.log(`internal error on ${method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
    }
    const response = errorResponse(error);
    if (!res.headersSent) sendJson(res, response.status, response.body, baseHeaders);
    return { status: response.status, mode };
  }
}
