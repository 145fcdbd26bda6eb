import type { InvoiceStatus } from "@/lib/billing/views/invoice-view";
import { Badge, type BadgeProps } from "@/components/ui/badge";

const STATUS: Record<InvoiceStatus, { label: string; variant: BadgeProps["variant"] }> = {
  draft: { label: "Draft", variant: "pending" },
  open: { label: "Open", variant: "info" },
  paid: { label: "Paid", variant: "success" },
  void: { label: "Void", variant: "neutral" },
  uncollectible: { label: "Uncollectible", variant: "danger" },
};

/** An invoice's Stripe status; an open invoice past its due date reads "Overdue". */
export function InvoiceStatusBadge({ status, overdue }: { status: InvoiceStatus; overdue?: boolean }) {
  if (status === "open" && overdue) {
    return (
      <Badge variant="danger" dot>
        Overdue
      </Badge>
    );
  }
  const shown = STATUS[status] ?? { label: status, variant: "neutral" };
  return (
    <Badge variant={shown.variant} dot>
      {shown.label}
    </Badge>
  );
}
