"use client";
// The navigation drawer of narrow screens (Radix Dialog), loaded the first time it is opened
// (components/shell/app-shell.tsx): wide screens never open it.
import { Dialog as DialogPrimitive } from "radix-ui";
import { Menu, X } from "lucide-react";
import { MOBILE_NAV_TRIGGER_CLASSES } from "./mobile-nav-trigger";

export type MobileNavDrawerProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The sidebar's contents. */
  children: React.ReactNode;
};

export default function MobileNavDrawer({ open, onOpenChange, children }: MobileNavDrawerProps) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Trigger className={MOBILE_NAV_TRIGGER_CLASSES} aria-label="Open navigation">
        <Menu className="size-4" aria-hidden="true" />
      </DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-zinc-950/40 data-[state=open]:animate-fade-in" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className="fixed inset-y-0 left-0 z-50 w-[264px] max-w-[85vw] border-r border-border bg-subtle shadow-xl outline-none data-[state=open]:animate-slide-in-left"
        >
          <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
          {children}
          <DialogPrimitive.Close
            className="absolute top-3 right-2 inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground"
            aria-label="Close navigation"
          >
            <X className="size-4" aria-hidden="true" />
          </DialogPrimitive.Close>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
