import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { newestFirst, paginate } from "../list";

/** `type` accepts Stripe's wildcard form, e.g. `customer.*`. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (pattern.endsWith(".*")) {
    const prefix = pattern.slice(0, -1);
    return (type) => type.startsWith(prefix);
  }
  return (type) => type === pattern;
}

function listEvents(ctx: ApiContext): object {
  const { params } = ctx;
  const type = params.string("type");
  const types = params.stringArray("types");
  const matchers = [...(type === undefined ? [] : [type]), ...(types ?? [])].map(typeMatcher);
  const events = newestFirst(ctx.state.events.values()).filter(
    (event) => matchers.length === 0 || matchers.some((matches) => matches(event.type)),
  );
  return paginate(events, params, "/v1/events");
}

function retrieveEvent(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.events, "event");
}

export const eventRoutes: ApiRoute[] = [
  { method: "GET", path: "/v1/events", handler: listEvents },
  { method: "GET", path: "/v1/events/:id", handler: retrieveEvent },
];
