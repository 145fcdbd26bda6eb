import type { InvitationStatus } from "@/lib/customers/invitations";
import { Badge } from "@/components/ui/badge";

const LABELS: Record<InvitationStatus, { label: string; variant: "info" | "success" | "neutral" | "warning" }> = {
  open: { label: "Open", variant: "info" },
  used: { label: "Accepted", variant: "success" },
  revoked: { label: "Revoked", variant: "neutral" },
  expired: { label: "Expired", variant: "warning" },
  claimed: { label: "Not needed", variant: "neutral" },
};

export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  const { label, variant } = LABELS[status];
  return <Badge variant={variant}>{label}</Badge>;
}
