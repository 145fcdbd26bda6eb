// The OpenAPI document of the /v1 API (public: it describes the API, it holds no data).
import { buildOpenApiDocument } from "@/lib/openapi/build-openapi-document";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export function GET(): Response {
  document ??= buildOpenApiDocument();
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
}
