import { cn } from "@/lib/utils/cn";

/** Shared look for text-like controls (Input, Textarea, SelectTrigger, NativeSelect). Server-safe. */
export const controlClasses = cn(
  "w-full min-w-0 rounded-md border border-input bg-background text-sm text-foreground shadow-xs",
  "placeholder:text-muted-foreground/80",
  "transition-[border-color,box-shadow] duration-150",
  "hover:border-zinc-400/70",
  "focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20",
  "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-70",
  "aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive/20",
);
