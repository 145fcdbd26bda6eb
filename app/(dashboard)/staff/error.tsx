"use client";

import { ErrorPanel } from "@/components/dashboard/error-panel";

export default function StaffError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} what="the staff list" />;
}
