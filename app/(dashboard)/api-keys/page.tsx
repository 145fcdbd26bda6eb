import type { Metadata } from "next";
import { requireStaffPage } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { ApiKeysScreen } from "@/components/api-keys/api-keys-screen";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await requireStaffPage("admin");
  const keys = await listApiKeys(ctx);
  return <ApiKeysScreen keys={keys} env={ctx.env} />;
}
