import { apiRoute } from "@/lib/api/api-route";
import { getEntity } from "@/lib/entities/get-entity";
import { getEntityInput } from "@/lib/entities/schemas";

export const POST = apiRoute({ schema: getEntityInput }, ({ ctx, body }) => getEntity(ctx, body));
