// The Customers page's "Recently claimed": the latest pending customers that signed up (or were
// matched through the API or an invitation), with how they were matched, and the way to the
// Pending view.
import Link from "next/link";
import { ArrowRight, UserCheck } from "lucide-react";
import type { RecentClaim } from "@/lib/customers/pending-customers";
import { describeClaimMatch } from "@/lib/customers/claim-match";
import { formatDateTime, formatRelative } from "@/components/dashboard/format";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function RecentClaimsCard({ claims, pendingCount }: { claims: RecentClaim[]; pendingCount: number }) {
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>Recently claimed</CardTitle>
        <CardDescription>Pre-created customers that arrived, and how they were matched.</CardDescription>
        <CardAction>
          <Button asChild variant="outline" size="sm">
            <Link href="/customers/pending">
              {pendingCount === 1 ? "1 pending customer" : `${pendingCount.toLocaleString("en-US")} pending customers`}
              <ArrowRight aria-hidden="true" />
            </Link>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {claims.length === 0 ? (
          <p className="text-sm text-muted-foreground">No pre-created customer has been claimed yet.</p>
        ) : (
          <ul aria-label="Recently claimed customers" className="divide-y">
            {claims.map((claim) => (
              <li key={claim.id} className="flex flex-wrap items-center gap-3 py-2.5 text-sm first:pt-0 last:pb-0">
                <UserCheck className="size-4 text-success-ink" aria-hidden="true" />
                <div className="min-w-0 flex-1">
                  <Link href={`/customers/${claim.id}`} className="font-medium hover:underline">
                    {claim.name || claim.email || claim.externalId}
                  </Link>
                  <p className="text-xs text-muted-foreground">
                    {describeClaimMatch(claim.matchedBy).replace(/^m/, "M")}
                    {claim.owner ? ` · owner ${claim.owner}` : ""}
                  </p>
                </div>
                <time dateTime={claim.claimedAt} title={formatDateTime(claim.claimedAt)} suppressHydrationWarning className="text-xs text-muted-foreground">
                  {formatRelative(claim.claimedAt)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
