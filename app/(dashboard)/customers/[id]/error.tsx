"use client";

import { ErrorPanel } from "@/components/dashboard/error-panel";

export default function CustomerError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} what="this customer" />;
}
