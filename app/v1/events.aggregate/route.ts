import { apiRoute } from "@/lib/api/api-route";
import { aggregateEvents } from "@/lib/events/aggregate-events";
import { aggregateEventsSchema } from "@/lib/events/schemas";

export const POST = apiRoute({ schema: aggregateEventsSchema }, ({ ctx, body }) => aggregateEvents(ctx, body));
