"use client";

import { ErrorPanel } from "@/components/dashboard/error-panel";

export default function CustomersError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} what="the customers" />;
}
