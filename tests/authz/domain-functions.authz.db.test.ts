// The authorization matrix of the domain functions, the layer that decides (pages, actions and
// routes are thin adapters onto it). Every exported `fn(ctx, ...)` in lib/ that calls
// `authorize(ctx, permission)` is found by scanning the source, and is called by every kind of
// actor that lacks the permission (an end customer, an API key, a staff member who is not an
// admin): each call must be refused with `forbidden`, before it reads its input or the database.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { createTestCustomer } from "@/tests/factories";
import { recordMatrix } from "./matrix-report";

const root = path.resolve(import.meta.dirname, "../..");

type DomainFunction = { file: string; name: string; permissions: Permission[] };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Exported async functions taking a ctx first, with the permissions their body authorizes. */
function authorizingFunctions(): DomainFunction[] {
  const found: DomainFunction[] = [];
  for (const file of sourceFiles(path.join(root, "lib"))) {
    const source = fs.readFileSync(file, "utf8");
    if (!source.includes("authorize(")) continue;
    const starts = [...source.matchAll(/export async function (\w+)\s*\(\s*ctx\s*:/g)];
    for (const [index, match] of starts.entries()) {
      const body = source.slice(match.index, starts[index + 1]?.index ?? source.length);
      const permissions = [...body.matchAll(/authorize\(\s*ctx\s*,\s*"([a-z_]+:[a-z_]+)"/g)].map((m) => m[1] as Permission);
      if (permissions.length) found.push({ file: path.relative(root, file), name: match[1]!, permissions: [...new Set(permissions)] });
    }
  }
  return found.sort((a, b) => `${a.file}#${a.name}`.localeCompare(`${b.file}#${b.name}`));
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
