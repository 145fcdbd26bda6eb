import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { actorId } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { displayPrefix, generateSecretKey, hashSecretKey } from "./secret";
import { createApiKeyInput } from "./schemas";

export { createApiKeyInput };

export type CreatedApiKey = { id: string; name: string; prefix: string; env: Ctx["env"]; secret: string; createdAt: Date };

/** Creates a key in ctx.env. The secret is in the answer and nowhere else, ever. */
export async function createApiKey(ctx: Ctx, input: z.input<typeof createApiKeyInput>): Promise<CreatedApiKey> {
  authorize(ctx, "api_keys:manage");
  const { name } = createApiKeyInput.parse(input);
  const secret = generateSecretKey(ctx.env);
  const createdById = ctx.actor.kind === "staff" ? actorId(ctx.actor) : null;
  const key = await db().$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { id: newId("key"), env: ctx.env, name, prefix: displayPrefix(secret), hash: hashSecretKey(secret), createdById },
    });
    await recordAuditEvent(tx, ctx, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: row.id,
      target: { name: row.name, prefix: row.prefix },
    });
    return row;
  });
  return { id: key.id, name: key.name, prefix: key.prefix, env: key.env, secret, createdAt: key.createdAt };
}
