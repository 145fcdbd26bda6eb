import { apiRoute } from "@/lib/api/api-route";
import { createEntity } from "@/lib/entities/create-entity";
import { createEntityInput } from "@/lib/entities/schemas";

export const POST = apiRoute({ schema: createEntityInput }, ({ ctx, body }) => createEntity(ctx, body));
