// Every /v1 route module by its folder under app/v1, for the lean HTTP path (lib/api/v1-dispatcher.ts,
// used by scripts/serve.mjs): the same modules Next.js routes to, so a route is written once. A new
// route folder goes here too (route-table.db.test.ts checks): until it does, the lean path hands
// its requests to Next.js, which serves them as well, only slower. The catch-all ([...path]) is
// not listed: unknown paths go to Next.js, which also finds any folder missing here.
import { createV1Dispatcher, type RouteModule, type V1RouteTable } from "@/lib/api/v1-dispatcher";
import * as r_attach from "./attach/route";
import * as r_balances_batch_track from "./balances.batch_track/route";
import * as r_balances_check from "./balances.check/route";
import * as r_balances_create from "./balances.create/route";
import * as r_balances_delete from "./balances.delete/route";
import * as r_balances_track from "./balances.track/route";
import * as r_balances_update from "./balances.update/route";
import * as r_billing_attach from "./billing.attach/route";
import * as r_billing_multi_attach from "./billing.multi_attach/route";
import * as r_billing_open_customer_portal from "./billing.open_customer_portal/route";
import * as r_billing_preview_attach from "./billing.preview_attach/route";
import * as r_billing_preview_multi_attach from "./billing.preview_multi_attach/route";
import * as r_billing_preview_update from "./billing.preview_update/route";
import * as r_billing_setup_payment from "./billing.setup_payment/route";
import * as r_billing_update from "./billing.update/route";
import * as r_check from "./check/route";
import * as r_customers from "./customers/route";
import * as r_customers_id from "./customers/[id]/route";
import * as r_customers_delete from "./customers.delete/route";
import * as r_customers_get from "./customers.get/route";
import * as r_customers_get_or_create from "./customers.get_or_create/route";
import * as r_customers_import from "./customers.import/route";
import * as r_customers_list from "./customers.list/route";
import * as r_customers_update from "./customers.update/route";
import * as r_entities_create from "./entities.create/route";
import * as r_entities_delete from "./entities.delete/route";
import * as r_entities_get from "./entities.get/route";
import * as r_entities_list from "./entities.list/route";
import * as r_entities_update from "./entities.update/route";
import * as r_events_aggregate from "./events.aggregate/route";
import * as r_events_list from "./events.list/route";
import * as r_features_create from "./features.create/route";
import * as r_features_delete from "./features.delete/route";
import * as r_features_get from "./features.get/route";
import * as r_features_list from "./features.list/route";
import * as r_features_update from "./features.update/route";
import * as r_invoices_create from "./invoices.create/route";
import * as r_invoices_list from "./invoices.list/route";
import * as r_invoices_pay from "./invoices.pay/route";
import * as r_invoices_reissue from "./invoices.reissue/route";
import * as r_invoices_void from "./invoices.void/route";
import * as r_openapi_json from "./openapi.json/route";
import * as r_plans_create from "./plans.create/route";
import * as r_plans_delete from "./plans.delete/route";
import * as r_plans_get from "./plans.get/route";
import * as r_plans_list from "./plans.list/route";
import * as r_plans_update from "./plans.update/route";
import * as r_track from "./track/route";

export const V1_ROUTES: V1RouteTable = {
  "attach": r_attach as RouteModule,
  "balances.batch_track": r_balances_batch_track as RouteModule,
  "balances.check": r_balances_check as RouteModule,
  "balances.create": r_balances_create as RouteModule,
  "balances.delete": r_balances_delete as RouteModule,
  "balances.track": r_balances_track as RouteModule,
  "balances.update": r_balances_update as RouteModule,
  "billing.attach": r_billing_attach as RouteModule,
  "billing.multi_attach": r_billing_multi_attach as RouteModule,
  "billing.open_customer_portal": r_billing_open_customer_portal as RouteModule,
  "billing.preview_attach": r_billing_preview_attach as RouteModule,
  "billing.preview_multi_attach": r_billing_preview_multi_attach as RouteModule,
  "billing.preview_update": r_billing_preview_update as RouteModule,
  "billing.setup_payment": r_billing_setup_payment as RouteModule,
  "billing.update": r_billing_update as RouteModule,
  "check": r_check as RouteModule,
  "customers": r_customers as RouteModule,
  "customers/[id]": r_customers_id as RouteModule,
  "customers.delete": r_customers_delete as RouteModule,
  "customers.get": r_customers_get as RouteModule,
  "customers.get_or_create": r_customers_get_or_create as RouteModule,
  "customers.import": r_customers_import as RouteModule,
  "customers.list": r_customers_list as RouteModule,
  "customers.update": r_customers_update as RouteModule,
  "entities.create": r_entities_create as RouteModule,
  "entities.delete": r_entities_delete as RouteModule,
  "entities.get": r_entities_get as RouteModule,
  "entities.list": r_entities_list as RouteModule,
  "entities.update": r_entities_update as RouteModule,
  "events.aggregate": r_events_aggregate as RouteModule,
  "events.list": r_events_list as RouteModule,
  "features.create": r_features_create as RouteModule,
  "features.delete": r_features_delete as RouteModule,
  "features.get": r_features_get as RouteModule,
  "features.list": r_features_list as RouteModule,
  "features.update": r_features_update as RouteModule,
  "invoices.create": r_invoices_create as RouteModule,
  "invoices.list": r_invoices_list as RouteModule,
  "invoices.pay": r_invoices_pay as RouteModule,
  "invoices.reissue": r_invoices_reissue as RouteModule,
  "invoices.void": r_invoices_void as RouteModule,
  "openapi.json": r_openapi_json as RouteModule,
  "plans.create": r_plans_create as RouteModule,
  "plans.delete": r_plans_delete as RouteModule,
  "plans.get": r_plans_get as RouteModule,
  "plans.list": r_plans_list as RouteModule,
  "plans.update": r_plans_update as RouteModule,
  "track": r_track as RouteModule,
};

export const dispatchV1 = createV1Dispatcher(V1_ROUTES);
