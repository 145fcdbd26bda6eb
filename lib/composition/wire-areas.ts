// The one place that connects the areas which react to each other without importing each other:
// billing subscribes to the outbox's domain events (emitted by customers and plans) and answers
// the customers area's Stripe port. Areas import downward only, in this order (a lower one never
// imports a higher one):
//   db, errors, context, ids, email  <-  auth, audit  <-  outbox  <-  customers
//   <-  features, plans  <-  entitlements  <-  balances  <-  billing  <-  portal, api
// Two edges still point up, both inside a customer's own request: creating a customer enables the
// default plans in the creating transaction (customers -> plans), and the API's customer object
// carries its balances and flags (customers -> entitlements).
// Imported for its effect by each entry point that runs domain code outside a request handler's
// own wiring: instrumentation.ts (the server, and its outbox worker), the /v1 wrapper
// (lib/api/api-route.ts, also called in process by the benchmarks), the test setup and the e2e
// harness. The seed does not: without the handlers registered, a claim writes every outbox job
// (none is known to be unwanted) and the server's worker runs them.
import "server-only";
import { registerJobHandlers } from "@/lib/outbox/job-handlers";
import { provideStripeLinks } from "@/lib/customers/stripe-link-port";
import { billingLifecycleJobs, billingOutboxSubscribers } from "@/lib/billing/outbox-subscribers";
import { startBillingAtClaimSubscriber } from "@/lib/billing/lifecycle/start-due-billing";
import { webhookOutboxSubscribers } from "@/lib/webhooks-out/outbox-subscribers";
import { stripeLinkProvider } from "@/lib/billing/stripe-link-provider";
import { CUSTOMER_CLAIMED_SUBSCRIBERS } from "@/lib/outbox/domain-events";
import { claimAlertSubscriber } from "@/lib/customers/claim-alert";

registerJobHandlers(billingOutboxSubscribers);
registerJobHandlers(billingLifecycleJobs);
registerJobHandlers(webhookOutboxSubscribers);
registerJobHandlers({ [CUSTOMER_CLAIMED_SUBSCRIBERS.ownerAlert]: claimAlertSubscriber });
registerJobHandlers({ [CUSTOMER_CLAIMED_SUBSCRIBERS.startBilling]: startBillingAtClaimSubscriber });
provideStripeLinks(stripeLinkProvider);
