import type { ApiContext, ApiRoute } from "../context";
import { parameterMissing, resourceMissing } from "../errors";
import { buildPortalSession } from "../objects/portal-session";
import { validateUrl } from "../params";
import { liveCustomer } from "../store";

function createPortalSession(ctx: ApiContext): object {
  const { params } = ctx;
  params.allowOnly([
    "after_expiration",
    "configuration",
    "customer",
    "customer_account",
    "expand",
    "flow_data",
    "locale",
    "on_behalf_of",
    "return_url",
  ]);
  params.rejectUnsupported(["flow_data", "customer_account"]);
  const customer = params.string("customer");
  if (customer === undefined || customer === "") throw parameterMissing("customer");
  if (liveCustomer(ctx.state, customer) === undefined) throw resourceMissing("customer", customer, "customer");
  const session = buildPortalSession(ctx.state, {
    customer,
    returnUrl: validateUrl(params, "return_url") ?? null,
    publicUrl: ctx.publicUrl,
  });
  ctx.state.portalSessions.set(session.id, session);
  return session;
}

export const billingPortalRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/billing_portal/sessions", handler: createPortalSession },
];
