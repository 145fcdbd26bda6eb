// Enables the environment's default plan(s) for a newly created customer, inside the transaction
// that creates it. OWNED BY THE ENTITLEMENTS WORK (issue 4): replace the body; keep the signature.
import "server-only";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";

export async function enableDefaultPlans(_tx: Tx, _ctx: Ctx, _customerId: string): Promise<void> {}
