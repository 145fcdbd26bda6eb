import type { WebhookDeliveryView } from "@/lib/webhooks-out/deliveries";
import { Badge } from "@/components/ui/badge";

export function DeliveryStatusBadge({ delivery }: { delivery: Pick<WebhookDeliveryView, "status" | "attempts"> }) {
  if (delivery.status === "succeeded") {
    return (
      <Badge variant="success" dot>
        Delivered
      </Badge>
    );
  }
  if (delivery.status === "failed") return <Badge variant="danger">Failed</Badge>;
  return <Badge variant={delivery.attempts > 0 ? "warning" : "pending"}>{delivery.attempts > 0 ? "Retrying" : "Pending"}</Badge>;
}
