// Unknown /v1 paths answer the API's JSON error, whatever the method.
import { describe, expect, it } from "vitest";
import { DELETE, GET, POST } from "./route";

describe("unknown /v1 paths", () => {
  it("answer 404 not_found as JSON, naming the method and path", async () => {
    for (const [handler, method] of [[GET, "GET"], [POST, "POST"], [DELETE, "DELETE"]] as const) {
      const response = handler(new Request("http://equinox.test/v1/customers.get_or_craete", { method }));
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.headers.get("x-request-id")).toMatch(/^req_/);
      expect(await response.json()).toEqual({ code: "not_found", message: `There is no API endpoint at ${method} /v1/customers.get_or_craete` });
    }
  });
});
