// The one place that connects the areas which react to each other without importing each other:
// billing subscribes to the outbox's domain events (emitted by customers and plans) and answers
// the customers area's Stripe port. Everything else imports strictly downward:
//   db, errors, context, ids, email  <-  auth, audit  <-  outbox  <-  plans, features
//   <-  entitlements  <-  balances  <-  customers  <-  billing  <-  portal, api
// Imported for its effect by each entry point that runs domain code outside a request handler's
// own wiring: instrumentation.ts (the server, and its outbox worker), the /v1 wrapper
// (lib/api/api-route.ts, also called in process by the benchmarks), the test setup, the seed.
import "server-only";
import { registerJobHandlers } from "@/lib/outbox/job-handlers";
import { provideStripeLinks } from "@/lib/customers/stripe-link-port";
import { billingOutboxSubscribers } from "@/lib/billing/outbox-subscribers";
import { stripeLinkProvider } from "@/lib/billing/stripe-link-provider";

registerJobHandlers(billingOutboxSubscribers);
provideStripeLinks(stripeLinkProvider);
