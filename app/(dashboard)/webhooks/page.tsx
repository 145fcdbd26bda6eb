import type { Metadata } from "next";
import { requireStaffPage } from "@/lib/auth/session";
import { listWebhookEndpoints } from "@/lib/webhooks-out/endpoints";
import { WebhooksScreen } from "@/components/webhooks/webhooks-screen";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await requireStaffPage("admin");
  const endpoints = await listWebhookEndpoints(ctx);
  return <WebhooksScreen endpoints={endpoints} env={ctx.env} />;
}
