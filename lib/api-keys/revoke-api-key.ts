import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { revokeApiKeyInput } from "./schemas";

/**
 * Revokes a key of ctx.env. The very next request with it is refused (authentication reads the
 * row on every request). Revoking a revoked key changes nothing and records nothing.
 */
export async function revokeApiKey(ctx: Ctx, input: { id: string }): Promise<{ id: string; revokedAt: Date }> {
  authorize(ctx, "api_keys:manage");
  const { id } = revokeApiKeyInput.parse(input);
  return db().$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id, env: ctx.env } });
    if (!key) throw new DomainError("not_found", `API key ${id} not found in ${ctx.env}`);
    if (key.revokedAt) return { id, revokedAt: key.revokedAt };
    const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, ctx, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: id,
      target: { name: key.name, prefix: key.prefix },
      before: { revoked_at: null },
      after: { revoked_at: revoked.revokedAt!.toISOString() },
    });
    return { id, revokedAt: revoked.revokedAt! };
  });
}
