import { apiRoute } from "@/lib/api/api-route";
import { deleteEntity } from "@/lib/entities/delete-entity";
import { deleteEntityInput } from "@/lib/entities/schemas";

export const POST = apiRoute({ schema: deleteEntityInput }, ({ ctx, body }) => deleteEntity(ctx, body));
