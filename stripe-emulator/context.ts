import { resourceMissing } from "./errors";
import type { EmitFn } from "./events";
import type { Mode } from "./mode";
import type { Params } from "./params";
import type { ModeState } from "./store";

/** Everything an API handler may touch for one authenticated request. */
export interface ApiContext {
  mode: Mode;
  state: ModeState;
  params: Params;
  pathParams: Record<string, string>;
  emit: EmitFn;
  publicUrl: string;
}

export type ApiHandler = (ctx: ApiContext) => object;

export interface ApiRoute {
  method: "GET" | "POST" | "DELETE";
  path: string;
  handler: ApiHandler;
}

export function pathParam(ctx: ApiContext, name: string): string {
  const value = ctx.pathParams[name];
  if (value === undefined) throw new Error(`route is missing :${name}`);
  return value;
}

/** The object the route's `:id` names in `objects`, or Stripe's 404 resource_missing naming `what` (and `param`). */
export function pathObject<T>(ctx: ApiContext, objects: ReadonlyMap<string, T>, what: string, param?: string): T {
  const id = pathParam(ctx, "id");
  const found = objects.get(id);
  if (found === undefined) throw resourceMissing(what, id, param);
  return found;
}
