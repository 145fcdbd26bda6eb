// The document itself is checked in lib/openapi/build-openapi-document.test.ts; here, its route.
import { describe, expect, it } from "vitest";
import { GET } from "./route";

describe("GET /v1/openapi.json", () => {
  it("serves the document without a key", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    const served = await response.json();
    expect(served.openapi).toBe("3.1.0");
    expect(served.paths["/v1/openapi.json"].get.security).toEqual([]);
  });
});
