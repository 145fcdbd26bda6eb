import { Badge } from "@/components/ui/badge";

/** A customer created without an id: it gets one when the person first signs in (matched by email). */
export function PendingBadge({ className }: { className?: string }) {
  return (
    <Badge variant="pending" dot className={className} title="No id yet: matched by email at the first sign-in">
      Pending
    </Badge>
  );
}
