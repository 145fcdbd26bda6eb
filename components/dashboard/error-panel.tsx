"use client";

import { useEffect } from "react";
import Link from "next/link";
import { CircleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

export type ErrorPanelProps = {
  error: Error & { digest?: string };
  reset: () => void;
  /** What failed, e.g. "the API keys". */
  what: string;
};

/**
 * The body of every dashboard error.tsx: says what failed, what to try, and gives the reference
 * the server logged (Next.js hides the message of server errors in production).
 */
export function ErrorPanel({ error, reset, what }: ErrorPanelProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-border">
      <InteractiveMarker />
      <EmptyState
        icon={CircleAlert}
        headingLevel="h2"
        title={`Could not load ${what}`}
        description={
          <>
            Try again in a moment. If it keeps failing, the database may be unavailable: tell your administrator
            {error.digest ? (
              <>
                {" "}
                and quote reference <code className="font-mono text-xs">{error.digest}</code>
              </>
            ) : null}
            .
          </>
        }
        action={
          <>
            <Button onClick={reset}>Try again</Button>
            <Button asChild variant="outline">
              <Link href="/customers">Go to customers</Link>
            </Button>
          </>
        }
      />
    </div>
  );
}
