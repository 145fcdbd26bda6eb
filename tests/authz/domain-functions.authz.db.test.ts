// The authorization matrix of the domain functions, the layer that decides (pages, actions and
// routes are thin adapters onto it). Every exported `fn(ctx, ...)` in lib/ that calls
// `authorize(ctx, permission)` is found by the TypeScript parser (domain-function-scan.ts; those
// that take a context and do not authorize are accounted for by domain-function-inventory.test.ts),
// and is called by every kind of actor that lacks the permission (an end customer, an API key, a
// staff member who is not an admin): each call must be refused with `forbidden`, before it reads
// its input or the database.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { createTestCustomer } from "@/tests/factories";
import { recordMatrix } from "./matrix-report";
import { contextFunctions, ROOT as root } from "./domain-function-scan";

type DomainFunction = { file: string; name: string; permissions: Permission[] };

/** Exported functions taking a context, with the permissions their body authorizes (the list of all of them, authorizing or not: domain-function-inventory.test.ts). */
function authorizingFunctions(): DomainFunction[] {
  return contextFunctions()
    .filter((fn) => fn.permissions.length > 0)
    .map((fn) => ({ file: fn.file, name: fn.name, permissions: fn.permissions as Permission[] }));
}

const ACTORS: Record<string, Ctx> = {
  "end customer": { env: "sandbox", actor: { kind: "end_customer", userId: "usr_authz_end_customer", email: "someone@example.test" } },
  "API key": { env: "sandbox", actor: { kind: "api_key", keyId: "key_authz", label: "API key authz" } },
  "staff (not admin)": { env: "sandbox", actor: { kind: "staff", userId: "usr_authz_staff", email: "staff@example.test", role: "staff" } },
  "staff in live": { env: "live", actor: { kind: "staff", userId: "usr_authz_staff_live", email: "staff@example.test", role: "staff" } },
};

/**
 * Functions whose permission depends on the input, or whose end-customer check is ownership:
 * the arguments that reach the decision, and what refusal looks like.
 */
const SPECIAL: Record<string, { args: () => unknown[]; endCustomerRefusal?: string }> = {
  // The portal's billing buttons bill the end customer's own record; anyone else's (which exists)
  // does not exist for them.
  "lib/billing/billing-customer.ts#findBillingCustomer": { args: () => [someoneElse.externalId], endCustomerRefusal: "customer_not_found" },
  // The portal's pay button: a customer plan that is not the end customer's own is not found for them.
  "lib/billing/lifecycle/start-card-payment.ts#startCardPayment": { args: () => ["cpl_authz_someone_elses"], endCustomerRefusal: "not_found" },
  // The portal's invoices and next invoice: another customer's (which exists) does not exist for them.
  "lib/billing/invoices/list-invoices.ts#listInvoices": { args: () => [{ customer_id: someoneElse.externalId }], endCustomerRefusal: "customer_not_found" },
  "lib/billing/preview/preview-next-invoice.ts#previewNextInvoice": { args: () => [someoneElse.externalId], endCustomerRefusal: "customer_not_found" },
};
let someoneElse: { externalId: string | null };
/** Functions the scan cannot see (the permission is computed), with the input that decides it. */
const EXTRA: DomainFunction[] = [
  { file: "lib/balances/check.ts", name: "check", permissions: ["customers:read"] },
  { file: "lib/balances/check.ts", name: "check", permissions: ["balances:write"] },
];
const EXTRA_ARGS: Record<string, unknown[]> = {
  "customers:read": [{ customer_id: "c", feature_id: "f" }],
  "balances:write": [{ customer_id: "c", feature_id: "f", send_event: true }],
};

const cells: { action: string; caller: string; expected: "refused"; detail: string }[] = [];
beforeAll(async () => {
  someoneElse = await createTestCustomer();
});
afterAll(() => recordMatrix("domain-functions", cells));

describe("domain functions: authorization matrix", () => {
  const functions = authorizingFunctions();

  it("finds the domain functions that authorize", () => {
    const names = functions.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["getOrCreateCustomerRecord", "createApiKey", "revokeApiKey", "createPlan", "track", "changeStaffRole"]));
  });

  it("refuses every actor that lacks the permission, first thing", async () => {
    const failures: string[] = [];
    for (const fn of [...functions, ...EXTRA]) {
      const id = `${fn.file}#${fn.name}`;
      const special = SPECIAL[id];
      const extra = EXTRA.includes(fn) ? EXTRA_ARGS[fn.permissions[0]!] : undefined;
      const mod = (await import(path.join(root, fn.file))) as Record<string, (ctx: Ctx, ...args: unknown[]) => Promise<unknown>>;
      const target = mod[fn.name]!;
      for (const [label, ctx] of Object.entries(ACTORS)) {
        // The function's first authorize() decides; an actor that has that permission is not a cell here.
        const first = fn.permissions[0]!;
        if (can(ctx, first)) continue;
        const expected = ctx.actor.kind === "end_customer" && special?.endCustomerRefusal ? special.endCustomerRefusal : "forbidden";
        let detail: string;
        try {
          await target(ctx, ...(special?.args() ?? extra ?? [{}, {}]));
          detail = "allowed";
        } catch (error) {
          detail = (error as { code?: string }).code ?? (error as Error).message.split("\n").filter(Boolean).at(-1)!.slice(0, 200);
        }
        cells.push({ action: `${id} (${first})`, caller: label, expected: "refused", detail });
        if (detail !== expected) failures.push(`${id} as ${label}: ${detail} (expected ${expected})`);
      }
    }
    expect(failures).toEqual([]);
    expect(cells.length).toBeGreaterThan(40);
  });
});
