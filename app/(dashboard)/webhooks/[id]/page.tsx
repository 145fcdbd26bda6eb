import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { getWebhookEndpoint } from "@/lib/webhooks-out/endpoints";
import { listWebhookDeliveries } from "@/lib/webhooks-out/deliveries";
import { EndpointPage } from "@/components/webhooks/endpoint-page";

export const metadata: Metadata = { title: "Webhook endpoint" };

type Params = { params: Promise<{ id: string }> };

async function load(ctx: Awaited<ReturnType<typeof requireStaffPage>>, id: string) {
  try {
    const endpoint = await getWebhookEndpoint(ctx, { id });
    const { deliveries, hasMore } = await listWebhookDeliveries(ctx, { endpointId: id, limit: 100 });
    return { endpoint, deliveries, hasMore };
  } catch (error) {
    // Another environment's endpoint (or a deleted one) is not found here.
    if (isDomainError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function WebhookEndpointPage({ params }: Params) {
  const ctx = await requireStaffPage("admin");
  const { endpoint, deliveries, hasMore } = await load(ctx, (await params).id);
  return <EndpointPage env={ctx.env} endpoint={endpoint} deliveries={deliveries} hasMore={hasMore} />;
}
