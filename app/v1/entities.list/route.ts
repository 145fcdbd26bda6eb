import { apiRoute } from "@/lib/api/api-route";
import { listEntities } from "@/lib/entities/list-entities";
import { listEntitiesInput } from "@/lib/entities/schemas";

export const POST = apiRoute({ schema: listEntitiesInput }, ({ ctx, body }) => listEntities(ctx, body));
