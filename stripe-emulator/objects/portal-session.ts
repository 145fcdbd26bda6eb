import type Stripe from "stripe";

import { newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

export function buildPortalSession(
  state: ModeState,
  input: { customer: string; returnUrl: string | null; publicUrl: string },
): Stripe.BillingPortal.Session {
  const id = newId("bps");
  return {
    id,
    object: "billing_portal.session",
    configuration: state.portalConfigurationId,
    created: nowSeconds(state),
    customer: input.customer,
    customer_account: null,
    flow: null,
    livemode: state.livemode,
    locale: null,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: `${input.publicUrl}/billing_portal/${id}`,
  };
}
