// Unknown /v1 paths answer the API's JSON error, whatever the method: 501 not_supported for a
// route autumn-js knows and Equinox does not serve yet, 404 not_found for anything else.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUTUMN_SDK_ROUTES } from "@/lib/api/autumn-sdk-routes";
import { DELETE, GET, POST } from "./route";

const root = path.resolve(import.meta.dirname, "../../..");
const servedByFolder = (route: string) => fs.existsSync(path.join(root, "app/v1", route, "route.ts"));

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

  it("knows exactly the routes autumn-js 1.3.13 calls", () => {
    const sdk = fs.readFileSync(path.join(root, "node_modules/autumn-js/dist/sdk/index.js"), "utf8");
    const calledBySdk = [...new Set([...sdk.matchAll(/"\/v1\/([a-z_.]+)"/g)].map((match) => match[1]!))].sort();
    expect(calledBySdk).toHaveLength(75);
    expect([...AUTUMN_SDK_ROUTES].sort()).toEqual(calledBySdk);
  });

  it("every autumn-js route has a route folder or answers 501 not_supported naming it", async () => {
    const unserved = AUTUMN_SDK_ROUTES.filter((route) => !servedByFolder(route));
    // The catalog, customers and billing basics are served; what is not answers 501, not 404.
    expect(unserved).not.toContain("plans.list");
    expect(unserved).not.toContain("features.create");
    for (const route of AUTUMN_SDK_ROUTES) {
      const response = POST(new Request(`http://equinox.test/v1/${route}`, { method: "POST", body: "{}" }));
      expect(response.status, route).toBe(501);
      expect(await response.json()).toEqual({ code: "not_supported", message: `Equinox does not support /v1/${route} (autumn-js's ${route}) yet` });
    }
  });
});
