import { apiRoute } from "@/lib/api/api-route";
import { listEvents } from "@/lib/events/list-events";
import { listEventsSchema } from "@/lib/events/schemas";

export const POST = apiRoute({ schema: listEventsSchema }, ({ ctx, body }) => listEvents(ctx, body));
