// The authorization matrix of every server action: each one, called as anonymous, as an end
// customer and as staff of the wrong role, is refused and changes nothing. The actions are found
// by scanning app/ and lib/ for "use server" modules, and every export must have a rule below:
// a new action cannot be forgotten.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createAuthzWorld, type AuthzWorld, type SessionUserShape } from "./authz-world";
import { recordMatrix } from "./matrix-report";

// The request scope, as Next.js would provide it: who is signed in (next-auth's session), the
// cookie jar, and the no-ops of rendering (revalidate, redirect).
const scope = vi.hoisted(() => ({ user: null as null | Record<string, unknown>, cookies: new Map<string, string>() }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (scope.user ? { user: scope.user, expires: new Date(Date.now() + 3_600_000).toISOString() } : null),
}));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => undefined }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (scope.cookies.has(name) ? { name, value: scope.cookies.get(name)! } : undefined),
    getAll: () => [...scope.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => scope.cookies.has(name),
    set: (name: string, value: string) => void scope.cookies.set(name, value),
    delete: (name: string) => void scope.cookies.delete(name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT ${url}`), { digest: `NEXT_REDIRECT;${url}` });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const root = path.resolve(import.meta.dirname, "../..");

/** Every module under app/ and lib/ whose first statement is "use server". */
function serverActionModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const head = fs.readFileSync(full, "utf8").replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
        if (/^["']use server["']/.test(head)) found.push(path.relative(root, full));
      }
    }
  };
  walk(path.join(root, "app"));
  walk(path.join(root, "lib"));
  return found.sort();
}

type Caller = "anonymous" | "endCustomer" | "staff";
/**
 * - `staff`: any staff member may; anonymous and end customers are refused.
 * - `admin`: admins only; staff members are refused as well.
 * - `portal`: end customers only (their own record); anonymous and staff are refused.
 * - `own-session`: signs the caller out; allowed for anyone, touches no one else's session.
 */
type Rule = { who: "staff" | "admin" | "portal" | "own-session"; input: (w: AuthzWorld) => unknown };

const RULES: Record<string, Rule> = {
  "lib/customers/actions.ts#createCustomerAction": { who: "staff", input: (w) => ({ id: `${w.tag}_new`, email: `${w.tag}_new@example.test` }) },
  "lib/customers/actions.ts#updateCustomerAction": { who: "staff", input: (w) => ({ customer_id: w.customer.externalId, name: "Changed" }) },
  // Into itself: allowed callers get the merge_conflict (same_customer) answer, and nothing moves.
  "lib/customers/actions.ts#mergeCustomersAction": { who: "staff", input: (w) => ({ customer_id: w.customer.externalId, into: w.customer.externalId }) },
  "lib/customers/actions.ts#deleteCustomerAction": { who: "staff", input: (w) => ({ customer_id: w.customer.externalId }) },
  "lib/customers/follow-up-actions.ts#changeOwnerAction": { who: "staff", input: (w) => ({ customer_id: w.customer.id, owner_id: null }) },
  "lib/customers/follow-up-actions.ts#createInvitationAction": { who: "staff", input: (w) => ({ customer_id: w.customer.id }) },
  "lib/customers/follow-up-actions.ts#revokeInvitationAction": { who: "staff", input: (w) => ({ customer_id: w.customer.id, invitation_id: "inv_not_there" }) },
  "lib/customers/import/actions.ts#stageCustomerImportAction": { who: "staff", input: (w) => ({ rows: [{ email: `${w.tag}_import@example.test` }] }) },
  "lib/customers/import/actions.ts#applyCustomerImportBatchAction": { who: "staff", input: () => ({ import_id: "imp_not_there" }) },
  "lib/customers/import/actions.ts#undoCustomerImportAction": { who: "staff", input: () => ({ import_id: "imp_not_there" }) },
  "lib/plans/actions.ts#enablePlanAction": { who: "staff", input: (w) => ({ customerId: w.customer.id, planId: w.plan.id, note: "x" }) },
  "lib/plans/actions.ts#cancelCustomerPlanAction": { who: "staff", input: (w) => ({ customerPlanId: w.customerPlanId, customerId: w.customer.id }) },
  "lib/plans/actions.ts#removeCustomerPlanAction": { who: "staff", input: (w) => ({ customerPlanId: w.customerPlanId, customerId: w.customer.id }) },
  "lib/balances/actions.ts#adjustBalanceAction": { who: "staff", input: (w) => ({ customerId: w.customer.id, featureId: w.feature.id, delta: 1_000, reason: "authz" }) },
  "lib/billing/actions.ts#createInStripeAction": { who: "staff", input: (w) => ({ customerId: w.customer.id }) },
  "lib/billing/actions.ts#linkStripeCustomerAction": { who: "staff", input: (w) => ({ customerId: w.customer.id, stripeId: "cus_AuthzMatrix1" }) },
  "lib/billing/views/dashboard-actions.ts#enableBilledPlanAction": { who: "staff", input: (w) => ({ customerId: w.customer.id, planId: w.plan.id, note: "x", billing: { mode: "elsewhere" } }) },
  // Already on (the default): allowed callers change nothing.
  "lib/billing/views/dashboard-actions.ts#setSelfServeCancelAction": { who: "staff", input: (w) => ({ customerId: w.customer.id, enabled: true }) },
  "lib/features/actions.ts#createFeatureAction": { who: "admin", input: (w) => ({ featureId: `${w.tag}_f`, name: "F", type: "single_use" }) },
  "lib/features/actions.ts#updateFeatureAction": { who: "admin", input: (w) => ({ featureId: w.feature.id, name: "Renamed" }) },
  "lib/features/actions.ts#archiveFeatureAction": { who: "admin", input: (w) => ({ featureId: w.feature.id, archived: true }) },
  "lib/plans/actions.ts#createPlanAction": { who: "admin", input: (w) => ({ planId: `${w.tag}_p`, name: "P" }) },
  "lib/plans/actions.ts#updatePlanAction": { who: "admin", input: (w) => ({ planId: w.plan.id, name: "Renamed", isDefault: true }) },
  "lib/plans/actions.ts#archivePlanAction": { who: "admin", input: (w) => ({ planId: w.plan.id, archived: true }) },
  "lib/plans/actions.ts#migratePlanCustomersAction": { who: "admin", input: (w) => ({ planId: w.plan.id }) },
  "lib/staff/actions.ts#inviteStaffAction": { who: "admin", input: (w) => ({ email: `${w.tag}_invitee@example.test`, role: "admin" }) },
  "lib/staff/actions.ts#resendInvitationAction": { who: "admin", input: (w) => ({ userId: w.victim.id }) },
  "lib/staff/actions.ts#changeStaffRoleAction": { who: "admin", input: (w) => ({ userId: w.victim.id, role: "staff" }) },
  "lib/staff/actions.ts#removeStaffAccessAction": { who: "admin", input: (w) => ({ userId: w.victim.id }) },
  "lib/api-keys/actions.ts#createApiKeyAction": { who: "admin", input: (w) => ({ name: `${w.tag}_key` }) },
  "lib/api-keys/actions.ts#revokeApiKeyAction": { who: "admin", input: (w) => ({ id: w.apiKey.id }) },
  // Disabled: an enabled sandbox endpoint would receive the other test files' events.
  "lib/webhooks-out/actions.ts#createWebhookEndpointAction": { who: "admin", input: () => ({ url: "https://example.test/hooks", eventTypes: ["customer.created"], enabled: false }) },
  "lib/webhooks-out/actions.ts#updateWebhookEndpointAction": { who: "admin", input: () => ({ id: "wep_none", url: "https://example.test/hooks", eventTypes: ["customer.created"], enabled: false }) },
  "lib/webhooks-out/actions.ts#deleteWebhookEndpointAction": { who: "admin", input: () => ({ id: "wep_none" }) },
  "lib/webhooks-out/actions.ts#revealWebhookSecretAction": { who: "admin", input: () => ({ id: "wep_none" }) },
  "lib/webhooks-out/actions.ts#rotateWebhookSecretAction": { who: "admin", input: () => ({ id: "wep_none" }) },
  "lib/webhooks-out/actions.ts#sendTestWebhookEventAction": { who: "admin", input: () => ({ id: "wep_none" }) },
  "lib/webhooks-out/actions.ts#resendWebhookDeliveryAction": { who: "admin", input: () => ({ id: "wdl_none" }) },
  "lib/portal/actions.ts#manageBillingAction": { who: "portal", input: () => undefined },
  "lib/portal/actions.ts#addPaymentMethodAction": { who: "portal", input: () => undefined },
  // A plan id that is nobody's: allowed callers get "no longer on your account", and nothing changes.
  "lib/portal/plan-actions.ts#payPlanAction": { who: "portal", input: () => "cpl_not_there" },
  "lib/portal/plan-actions.ts#cancelPlanAction": { who: "portal", input: () => "cpl_not_there" },
  "lib/portal/plan-actions.ts#keepPlanAction": { who: "portal", input: () => "cpl_not_there" },
  // A switch nobody was offered: allowed callers get "not one you can switch to", and nothing changes.
  "lib/portal/plan-actions.ts#previewPlanChangeAction": { who: "portal", input: () => ({ customerPlanId: "cpl_not_there", planId: "pro" }) },
  "lib/portal/plan-actions.ts#changePlanAction": { who: "portal", input: () => ({ customerPlanId: "cpl_not_there", planId: "pro" }) },
  "lib/auth/sign-out-actions.ts#signOutAction": { who: "own-session", input: () => undefined },
  "lib/auth/sign-out-actions.ts#signOutEverywhereAction": { who: "own-session", input: () => undefined },
  "lib/environment/set-environment-action.ts#setEnvironmentAction": {
    who: "staff",
    input: () => {
      const form = new FormData();
      form.set("env", "live");
      return form;
    },
  },
};

type Outcome = { refused: boolean; detail: string };

/** Calls the action as `user`; refused = an unauthorized/forbidden answer or throw, or the portal's "not for you". */
async function call(action: (input: unknown) => Promise<unknown>, input: unknown, user: SessionUserShape | null): Promise<Outcome> {
  scope.user = user;
  scope.cookies = new Map();
  try {
    const result = (await action(input)) as { ok?: boolean; error?: { code?: string }; message?: string } | undefined;
    if (result && result.ok === false) {
      const code = result.error?.code;
      const refused = code === "unauthorized" || code === "forbidden" || /session has ended|Staff accounts have no customer billing/.test(result.message ?? "");
      return { refused, detail: code ?? result.message ?? "ok: false" };
    }
    return { refused: false, detail: "allowed" };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { refused: code === "unauthorized" || code === "forbidden", detail: code ?? (error as Error).message };
  } finally {
    scope.user = null;
  }
}

let world: AuthzWorld;
const cells: { action: string; caller: Caller; expected: "refused" | "allowed"; detail: string }[] = [];

beforeAll(async () => {
  world = await createAuthzWorld();
}, 60_000);

afterAll(() => recordMatrix("server-actions", cells));

describe("server actions: authorization matrix", () => {
  const modules = serverActionModules();

  it("finds the server actions to check, and every one has a rule", async () => {
    expect(modules.length).toBeGreaterThanOrEqual(6);
    const exported: string[] = [];
    for (const file of modules) {
      const mod = (await import(path.join(root, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === "function") exported.push(`${file}#${name}`);
    }
    const missing = exported.filter((id) => !RULES[id]);
    expect(missing, "server actions without an authorization rule in tests/authz/server-actions.authz.test.ts").toEqual([]);
    expect(Object.keys(RULES).filter((id) => !exported.includes(id)), "rules for actions that no longer exist").toEqual([]);
  });

  it("refuses every action to anonymous callers, end customers and staff of the wrong role, and nothing changes", async () => {
    const before = await world.fingerprint();
    const failures: string[] = [];
    for (const [id, rule] of Object.entries(RULES)) {
      const [file, name] = id.split("#") as [string, string];
      const action = ((await import(path.join(root, file))) as Record<string, (input: unknown) => Promise<unknown>>)[name]!;
      const callers: [Caller, SessionUserShape | null, boolean][] = [
        ["anonymous", null, rule.who !== "own-session"],
        ["endCustomer", world.callers.endCustomer, rule.who === "staff" || rule.who === "admin"],
        ["staff", world.callers.staff, rule.who === "admin" || rule.who === "portal"],
      ];
      for (const [caller, user, mustRefuse] of callers) {
        if (!mustRefuse) continue; // allowed callers are exercised in the next test
        const outcome = await call(action, rule.input(world), user);
        cells.push({ action: id, caller, expected: "refused", detail: outcome.detail });
        if (!outcome.refused) failures.push(`${id} as ${caller}: not refused (${outcome.detail})`);
      }
    }
    expect(failures).toEqual([]);
    expect(await world.fingerprint()).toBe(before);
    // Signing out as someone else's nobody: the other admin's session is still there.
    expect(await db().session.count({ where: { sessionToken: world.victimSession } })).toBe(1);
  }, 120_000);

  it("lets the allowed callers through (the refusals above are about the caller, not the input)", async () => {
    const failures: string[] = [];
    // Destructive ones last, so the others still find their target.
    const order = Object.entries(RULES).sort(([a], [b]) => Number(/delete|remove|revoke|archive|signOut/i.test(a)) - Number(/delete|remove|revoke|archive|signOut/i.test(b)));
    for (const [id, rule] of order) {
      const [file, name] = id.split("#") as [string, string];
      const action = ((await import(path.join(root, file))) as Record<string, (input: unknown) => Promise<unknown>>)[name]!;
      const allowed: [Caller | "admin", SessionUserShape | null][] =
        rule.who === "portal" ? [["endCustomer", world.callers.endCustomer]]
        : rule.who === "own-session" ? [["anonymous", null], ["endCustomer", world.callers.endCustomer], ["staff", world.callers.staff]]
        : rule.who === "staff" ? [["staff", world.callers.staff], ["admin", world.callers.admin]]
        : [["admin", world.callers.admin]];
      for (const [caller, user] of allowed) {
        const outcome = await call(action, rule.input(world), user);
        cells.push({ action: id, caller: caller as Caller, expected: "allowed", detail: outcome.detail });
        if (outcome.refused) failures.push(`${id} refused ${caller} (${outcome.detail})`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
