"use client";
// sonner's outlet with Equinox's look; loaded by components/ui/toaster.tsx when the first toast
// is shown. Says when it is mounted, so that toasts are sent only once it listens.
import { useEffect } from "react";
import { Toaster as SonnerToaster, type ToasterProps } from "sonner";
import { CircleCheck, CircleX, Info, TriangleAlert } from "lucide-react";
import { Spinner } from "./spinner";

export default function SonnerOutlet({ onReady, ...props }: ToasterProps & { onReady: () => void }) {
  // Runs after sonner's own effects (children first): its subscription is in place by then.
  useEffect(onReady, [onReady]);
  return (
    <SonnerToaster
      position="bottom-right"
      gap={8}
      visibleToasts={4}
      closeButton={false}
      icons={{
        success: <CircleCheck className="size-4 text-success" aria-hidden="true" />,
        error: <CircleX className="size-4 text-destructive" aria-hidden="true" />,
        warning: <TriangleAlert className="size-4 text-warning" aria-hidden="true" />,
        info: <Info className="size-4 text-info" aria-hidden="true" />,
        loading: <Spinner size={16} className="text-muted-foreground" />,
      }}
      toastOptions={{
        unstyled: true,
        classNames: {
          toast:
            "group flex w-(--width) items-start gap-2.5 rounded-lg border border-border bg-popover px-3.5 py-3 text-sm text-popover-foreground shadow-md",
          icon: "mt-0.5 flex size-4 shrink-0 items-center justify-center",
          content: "flex min-w-0 flex-1 flex-col gap-0.5",
          title: "font-medium leading-5",
          description: "text-[13px] leading-5 text-muted-foreground",
          actionButton:
            "ml-auto h-7 shrink-0 rounded-md bg-primary px-2.5 text-[13px] font-medium text-primary-foreground hover:bg-primary-hover",
          cancelButton:
            "ml-auto h-7 shrink-0 rounded-md bg-secondary px-2.5 text-[13px] font-medium text-secondary-foreground hover:bg-secondary-hover",
          closeButton: "border-border bg-background text-muted-foreground hover:text-foreground",
        },
      }}
      {...props}
    />
  );
}
