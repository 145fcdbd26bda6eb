import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  env: Ctx["env"];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: "active" | "revoked";
};

/** The keys of ctx.env, newest first, active ones before revoked ones. Never the secret (it is not stored). */
export async function listApiKeys(ctx: Ctx): Promise<ApiKeySummary[]> {
  authorize(ctx, "api_keys:manage");
  const keys = await db().apiKey.findMany({
    where: { env: ctx.env },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { createdBy: { select: { email: true } } },
  });
  return keys
    .map((key) => ({
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      env: key.env,
      createdAt: key.createdAt,
      createdBy: key.createdBy?.email ?? null,
      lastUsedAt: key.lastUsedAt,
      revokedAt: key.revokedAt,
      status: key.revokedAt ? ("revoked" as const) : ("active" as const),
    }))
    .sort((a, b) => Number(a.status === "revoked") - Number(b.status === "revoked"));
}
