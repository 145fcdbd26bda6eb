"use client";
// Client-side providers for the whole app: React Query (one client per browser tab), the nuqs
// adapter (URL search params as state) and the toast outlet.
import { useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { Toaster } from "@/components/ui/toaster";
import { HttpError } from "@/components/dashboard/fetch-json";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Dashboard data changes through this app's own mutations, which invalidate what they
        // touch; a short stale time avoids refetch storms on focus.
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && !(error instanceof HttpError && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  // The "ready" marker (<html data-hydrated>) is set by the page itself, not here: see
  // components/ui/interactive-marker.tsx.
  return (
    <QueryClientProvider client={queryClient}>
      <NuqsAdapter>
        {/* No app-wide TooltipProvider: each Tooltip brings its own, so pages without one do not load it. */}
        {children}
        {/* Bottom centre: the dashboard's actions sit top-right (page headers) and bottom-right
            (the plan editor's save bar), where a toast would cover the next click. */}
        <Toaster position="bottom-center" />
      </NuqsAdapter>
    </QueryClientProvider>
  );
}
