import { apiRoute } from "@/lib/api/api-route";
import { updateEntity } from "@/lib/entities/update-entity";
import { updateEntityInput } from "@/lib/entities/schemas";

export const POST = apiRoute({ schema: updateEntityInput }, ({ ctx, body }) => updateEntity(ctx, body));
