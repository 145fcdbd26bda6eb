// The API's own description route.
import { z } from "zod";
import { defineApiRoutes } from "../registry";

export const metaRoutes = defineApiRoutes([
  {
    method: "get",
    path: "/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This OpenAPI document",
    tags: ["Meta"],
    auth: false,
    response: z.record(z.string(), z.unknown()),
  },
]);
