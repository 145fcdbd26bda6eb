"use client";

import { useId, useRef, useState } from "react";
import { AlertDialog as AlertDialogPrimitive } from "radix-ui";
import { cn } from "@/lib/utils/cn";
import { Button } from "./button";
import { Input } from "./input";

/* ---------- Low-level parts (same shape as Dialog) ---------- */

export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogTrigger = AlertDialogPrimitive.Trigger;

export type AlertDialogContentProps = React.ComponentProps<typeof AlertDialogPrimitive.Content> & {
  size?: "sm" | "md";
};

export function AlertDialogContent({ className, size = "sm", ...props }: AlertDialogContentProps) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay
        className="fixed inset-0 z-50 bg-zinc-950/40 backdrop-blur-[1px] data-[state=open]:animate-fade-in"
      />
      <AlertDialogPrimitive.Content
        data-slot="alert-dialog-content"
        className={cn(
          "fixed top-1/2 left-1/2 z-50 flex w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col gap-4 p-5",
          "rounded-xl border border-border bg-background text-foreground shadow-xl outline-none",
          "data-[state=open]:animate-pop-in",
          size === "sm" ? "max-w-md" : "max-w-lg",
          className,
        )}
        {...props}
      />
    </AlertDialogPrimitive.Portal>
  );
}

export function AlertDialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-1.5", className)} {...props} />;
}

export function AlertDialogTitle({ className, ...props }: React.ComponentProps<typeof AlertDialogPrimitive.Title>) {
  return <AlertDialogPrimitive.Title className={cn("text-base leading-6 font-semibold", className)} {...props} />;
}

export function AlertDialogDescription({
  className,
  ...props
}: React.ComponentProps<typeof AlertDialogPrimitive.Description>) {
  return <AlertDialogPrimitive.Description className={cn("text-sm text-muted-foreground", className)} {...props} />;
}

export function AlertDialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col-reverse gap-2 pt-1 sm:flex-row sm:justify-end", className)} {...props} />;
}

export const AlertDialogCancel = AlertDialogPrimitive.Cancel;
export const AlertDialogAction = AlertDialogPrimitive.Action;

/* ---------- High-level confirmation ---------- */

export type ConfirmDialogProps = {
  /** Element that opens the dialog (wrapped with `asChild`), e.g. `<Button variant="destructive">Delete</Button>`. */
  trigger?: React.ReactElement;
  /** Controlled open state (optional). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Extra content between description and the confirmation input (e.g. a list of consequences). */
  children?: React.ReactNode;
  confirmLabel?: React.ReactNode;
  cancelLabel?: React.ReactNode;
  /** Destructive (red) confirm button. Default true. */
  destructive?: boolean;
  /** When set, the user must type exactly this text before the confirm button enables. */
  confirmText?: string;
  /**
   * Runs on confirm. While its promise is pending the button shows a spinner and the dialog stays open.
   * It closes when the promise resolves, unless it resolves to `false`; a rejection also keeps it open
   * (show a toast in your handler).
   */
  onConfirm: () => void | boolean | Promise<void | boolean>;
};

/**
 * Confirmation dialog for irreversible actions, with optional typed confirmation:
 *   <ConfirmDialog trigger={<Button variant="destructive">Delete key</Button>}
 *     title="Delete API key?" description="Requests using it will fail immediately."
 *     confirmText="sk_live_…abcd" confirmLabel="Delete key" onConfirm={() => deleteKey(id)} />
 */
export function ConfirmDialog({
  trigger,
  open: openProp,
  onOpenChange,
  title,
  description,
  children,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive = true,
  confirmText,
  onConfirm,
}: ConfirmDialogProps) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const [typed, setTyped] = useState("");
  const [pending, setPending] = useState(false);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  function setOpen(next: boolean) {
    if (pending && !next) return; // don't close mid-request
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
    if (!next) setTyped("");
  }

  const matches = confirmText === undefined || typed === confirmText;

  async function handleConfirm() {
    if (!matches || pending) return;
    setPending(true);
    let close = true;
    try {
      const result = await onConfirm();
      if (result === false) close = false;
    } catch {
      close = false;
    } finally {
      setPending(false);
    }
    if (close) {
      if (openProp === undefined) setOpenState(false);
      onOpenChange?.(false);
      setTyped("");
    }
  }

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      {trigger ? <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger> : null}
      <AlertDialogContent
        onOpenAutoFocus={(event) => {
          if (confirmText === undefined) return; // default: focus Cancel
          event.preventDefault();
          inputRef.current?.focus();
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          {description ? (
            <AlertDialogDescription>{description}</AlertDialogDescription>
          ) : (
            <AlertDialogDescription className="sr-only">Confirm this action.</AlertDialogDescription>
          )}
        </AlertDialogHeader>
        {children}
        <form
          className="contents"
          onSubmit={(event) => {
            event.preventDefault();
            void handleConfirm();
          }}
        >
          {confirmText !== undefined ? (
            <div className="grid gap-1.5">
              <label htmlFor={inputId} className="text-[13px] text-foreground">
                Type <code className="rounded-xs bg-muted px-1 py-0.5 font-mono text-xs font-medium">{confirmText}</code>{" "}
                to confirm.
              </label>
              <Input
                ref={inputRef}
                id={inputId}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                disabled={pending}
                className="font-mono"
              />
            </div>
          ) : null}
          <AlertDialogFooter>
            <AlertDialogCancel asChild>
              <Button variant="outline" disabled={pending}>
                {cancelLabel}
              </Button>
            </AlertDialogCancel>
            <Button type="submit" variant={destructive ? "destructive" : "primary"} disabled={!matches} loading={pending}>
              {confirmLabel}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
