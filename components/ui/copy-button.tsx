"use client";

import { useEffect, useRef, useState } from "react";
import { Check, Copy } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Button, type ButtonProps } from "./button";
import { toast } from "./toaster";

async function writeClipboard(text: string): Promise<void> {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Fallback for plain-http self-hosted deployments (no async clipboard API).
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.appendChild(textarea);
  textarea.select();
  const ok = document.execCommand("copy");
  textarea.remove();
  if (!ok) throw new Error("Copy failed");
}

export type CopyButtonProps = Omit<ButtonProps, "onClick" | "children" | "asChild" | "value"> & {
  /** Text put on the clipboard. */
  value: string;
  /** Accessible label, e.g. "Copy customer ID". Default "Copy". Also the visible text when `showLabel`. */
  label?: string;
  /** Render the label next to the icon instead of an icon-only button. */
  showLabel?: boolean;
  /** Toast text on success; `false` for no toast. Default "Copied to clipboard". */
  toastMessage?: string | false;
  onCopied?: () => void;
};

/** Copies `value`; the icon turns into a check for 1.5s, a toast confirms, and "Copied" is announced. */
export function CopyButton({
  value,
  label = "Copy",
  showLabel = false,
  toastMessage = "Copied to clipboard",
  onCopied,
  variant = "ghost",
  size,
  className,
  ...props
}: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  async function handleClick() {
    try {
      await writeClipboard(value);
      setCopied(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 1500);
      if (toastMessage !== false) toast.success(toastMessage);
      onCopied?.();
    } catch {
      toast.error("Couldn't copy to the clipboard");
    }
  }

  const Icon = copied ? Check : Copy;
  return (
    <Button
      variant={variant}
      size={size ?? (showLabel ? "sm" : "icon-sm")}
      aria-label={showLabel ? undefined : label}
      onClick={handleClick}
      className={cn(!showLabel && "text-muted-foreground hover:text-foreground", className)}
      {...props}
    >
      <Icon className={cn(copied && "text-success")} aria-hidden="true" />
      {showLabel ? <span>{copied ? "Copied" : label}</span> : null}
      {toastMessage === false && !showLabel ? (
        // The toast is announced by sonner; without it, announce here.
        <span aria-live="polite" className="sr-only">
          {copied ? "Copied" : ""}
        </span>
      ) : null}
    </Button>
  );
}
