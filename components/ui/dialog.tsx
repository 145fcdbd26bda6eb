"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Button } from "./button";

/**
 * Modal dialog (Radix: focus trapped, Esc/overlay closes, focus returns to the trigger).
 *   <Dialog open={open} onOpenChange={setOpen}>
 *     <DialogTrigger asChild><Button>New plan</Button></DialogTrigger>
 *     <DialogContent size="md">
 *       <DialogHeader><DialogTitle>New plan</DialogTitle><DialogDescription>…</DialogDescription></DialogHeader>
 *       <DialogBody>…form fields…</DialogBody>
 *       <DialogFormFooter submitting={isSubmitting}>Create plan</DialogFormFooter>
 *       (or <DialogFooter> with buttons of your own)
 *     </DialogContent>
 *   </Dialog>
 * A DialogTitle is required (use `className="sr-only"` to hide it visually).
 */
export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;
export const DialogPortal = DialogPrimitive.Portal;

export function DialogOverlay({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Overlay>) {
  return (
    <DialogPrimitive.Overlay
      data-slot="dialog-overlay"
      className={cn(
        "fixed inset-0 z-50 bg-zinc-950/40 backdrop-blur-[1px]",
        "data-[state=open]:animate-fade-in",
        className,
      )}
      {...props}
    />
  );
}

const sizeClass = {
  sm: "max-w-sm",
  md: "max-w-lg",
  lg: "max-w-2xl",
  xl: "max-w-4xl",
} as const;

export type DialogContentProps = React.ComponentProps<typeof DialogPrimitive.Content> & {
  size?: keyof typeof sizeClass;
  /** Show the top-right close (X) button. Default true. */
  showClose?: boolean;
};

export function DialogContent({ className, children, size = "md", showClose = true, ...props }: DialogContentProps) {
  return (
    <DialogPortal>
      <DialogOverlay />
      <DialogPrimitive.Content
        data-slot="dialog-content"
        className={cn(
          "fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col",
          "rounded-xl border border-border bg-background text-foreground shadow-xl outline-none",
          "data-[state=open]:animate-pop-in",
          sizeClass[size],
          className,
        )}
        {...props}
      >
        {children}
        {showClose ? (
          <DialogPrimitive.Close
            className={cn(
              "absolute top-3.5 right-3.5 inline-flex size-7 items-center justify-center rounded-md text-muted-foreground",
              "hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring",
            )}
          >
            <X className="size-4" aria-hidden="true" />
            <span className="sr-only">Close</span>
          </DialogPrimitive.Close>
        ) : null}
      </DialogPrimitive.Content>
    </DialogPortal>
  );
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("flex flex-col gap-1 px-5 pt-5 pr-12 pb-3", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  return (
    <DialogPrimitive.Title
      data-slot="dialog-title"
      className={cn("text-base leading-6 font-semibold text-foreground", className)}
      {...props}
    />
  );
}

export function DialogDescription({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Description>) {
  return (
    <DialogPrimitive.Description
      data-slot="dialog-description"
      className={cn("text-sm text-muted-foreground", className)}
      {...props}
    />
  );
}

/** Scrollable middle section. */
export function DialogBody({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-body" className={cn("min-h-0 flex-1 overflow-y-auto px-5 py-2", className)} {...props} />;
}

/** Right-aligned actions; the primary action goes last. */
export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-footer"
      className={cn("flex flex-col-reverse gap-2 px-5 pt-3 pb-5 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}

/**
 * The footer of a dialog's form: Cancel (closes the dialog) and the submit button, which shows
 * progress while the form is submitting. `children` is the submit button's label.
 */
export function DialogFormFooter({ submitting, children, className }: { submitting: boolean; children: React.ReactNode; className?: string }) {
  return (
    <DialogFooter className={className}>
      <DialogClose asChild>
        <Button variant="outline">Cancel</Button>
      </DialogClose>
      <Button type="submit" loading={submitting}>
        {children}
      </Button>
    </DialogFooter>
  );
}
