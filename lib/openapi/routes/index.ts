// Every documented /v1 route. An area adds its list here (one import, one spread).
import type { ApiRouteDoc } from "../registry";
import { customerRoutes } from "./customers";
import { entitlementRoutes } from "./entitlements";
import { metaRoutes } from "./meta";

export const apiRouteDocs: ApiRouteDoc[] = [...customerRoutes, ...entitlementRoutes, ...metaRoutes];
