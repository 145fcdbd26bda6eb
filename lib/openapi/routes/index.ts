// Every documented /v1 route. An area adds its list here (one import, one spread).
import type { ApiRouteDoc } from "../registry";
import { customerRoutes } from "./customers";
import { customerImportRoutes } from "./customer-imports";
import { entitlementRoutes } from "./entitlements";
import { metaRoutes } from "./meta";
import { billingRoutes } from "./billing";
import { balanceRoutes } from "./balances";
import { eventRoutes } from "./events";
import { entityRoutes } from "./entities";
import { catalogRoutes } from "./catalog";
import { billingLifecycleRoutes } from "./billing-lifecycle";

export const apiRouteDocs: ApiRouteDoc[] = [...customerRoutes, ...customerImportRoutes, ...entitlementRoutes, ...balanceRoutes, ...eventRoutes, ...entityRoutes, ...catalogRoutes, ...billingRoutes, ...billingLifecycleRoutes, ...metaRoutes];
