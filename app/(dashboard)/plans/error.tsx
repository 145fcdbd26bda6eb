"use client";

import { ErrorPanel } from "@/components/dashboard/error-panel";

export default function PlansError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} what="the plans" />;
}
