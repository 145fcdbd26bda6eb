"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

/** Unexpected errors: a plain message and a retry (details stay in the server log). */
export default function PortalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="grid gap-4">
      <InteractiveMarker />
      <Alert variant="danger" title="We could not load your account">
        Something went wrong on our side. Try again in a moment.
      </Alert>
      <div>
        <Button variant="outline" onClick={reset}>
          Try again
        </Button>
      </div>
    </div>
  );
}
