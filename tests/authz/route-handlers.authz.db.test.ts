// The authorization matrix of the app's own route handlers (everything under app/ but the public
// API, which authenticates by key, next-auth's endpoints, the signed Stripe webhook and the health
// check): every method, called as anonymous and as an end customer, is refused (401 / 403), and
// as a staff member it is refused when the route needs an admin. Found by scanning app/, so a new
// route is checked the day it appears.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthzWorld, type AuthzWorld, type SessionUserShape } from "./authz-world";
import { recordMatrix } from "./matrix-report";

const scope = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (scope.user ? { user: scope.user, expires: new Date(Date.now() + 3_600_000).toISOString() } : null),
}));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => undefined }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers(),
}));

const root = path.resolve(import.meta.dirname, "../..");
/** Authenticated otherwise, or public by design. */
/** (The portal's invitation accept route is public: its token is the permission, and it only sets a cookie.) */
const NOT_SESSION_ROUTES = [/^app\/v1\//, /^app\/api\/auth\//, /^app\/api\/webhooks\/stripe\//, /^app\/api\/health\//, /^app\/\(portal\)\/portal\/invite\//];
/** Routes only admins may call (none today: every dashboard route serves what any staff member may read). */
const ADMIN_ROUTES = new Set<string>([]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function sessionRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") found.push(path.relative(root, full));
    }
  };
  walk(path.join(root, "app"));
  return found.filter((file) => !NOT_SESSION_ROUTES.some((re) => re.test(file))).sort();
}

let world: AuthzWorld;
const cells: { action: string; caller: string; expected: "refused"; detail: string }[] = [];
beforeAll(async () => {
  world = await createAuthzWorld();
}, 60_000);
afterAll(() => recordMatrix("route-handlers", cells));

describe("dashboard route handlers: authorization matrix", () => {
  const files = sessionRoutes();

  it("finds the dashboard's route handlers", () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses anonymous callers, end customers and staff of the wrong role", async () => {
    const failures: string[] = [];
    for (const file of files) {
      const mod = (await import(path.join(root, file))) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
      const url = `http://authz.test/${path.dirname(file).replace(/^app\//, "").replace(/\([^)]+\)\//g, "")}`.replace(/\[([^\]]+)\]/g, world.customer.id);
      for (const method of METHODS.filter((m) => typeof mod[m] === "function")) {
        const callers: [string, SessionUserShape | null, number[]][] = [
          ["anonymous", null, [401]],
          ["endCustomer", world.callers.endCustomer, [403]],
          ...(ADMIN_ROUTES.has(file) ? ([["staff", world.callers.staff, [403]]] as [string, SessionUserShape, number[]][]) : []),
        ];
        for (const [caller, user, statuses] of callers) {
          scope.user = user;
          const request = new Request(`${url}?customerId=${world.customer.id}&search=a`, { method, ...(method === "GET" ? {} : { body: "{}" }) });
          const response = await mod[method]!(request, { params: Promise.resolve({ id: world.customer.id }) });
          scope.user = null;
          const body = await response.text();
          cells.push({ action: `${method} ${file}`, caller, expected: "refused", detail: `${response.status}` });
          if (!statuses.includes(response.status)) failures.push(`${method} ${file} as ${caller}: ${response.status} ${body.slice(0, 120)}`);
          // Nothing about the customer leaks in a refusal.
          if (body.includes(world.customer.email ?? "\u0000")) failures.push(`${method} ${file} as ${caller}: the refusal shows the customer's data`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
