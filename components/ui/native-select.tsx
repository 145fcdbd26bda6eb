"use client";
// A styled native <select>, in a file of its own: components/ui/select.tsx carries Radix Select,
// and importing this from there put Radix Select into every page with a plain dropdown.
import { ChevronDown } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { useFieldControlProps } from "./field";
import { controlClasses } from "./control-styles";

export type NativeSelectProps = React.ComponentProps<"select"> & {
  /** Visual size: `sm` 32px, `md` 36px (default). */
  selectSize?: "sm" | "md";
  /** Classes for the wrapper `span` (the `className` goes on the `select`). */
  wrapperClassName?: string;
};

/**
 * Styled native `<select>` with `<option>` children: no portal, works without JS and with
 * `register()` from react-hook-form directly. Prefer it for short, plain option lists.
 */
export function NativeSelect({ className, wrapperClassName, selectSize = "md", children, ...rest }: NativeSelectProps) {
  const props = useFieldControlProps(rest);
  return (
    <span data-slot="native-select" className={cn("relative inline-flex w-full", wrapperClassName)}>
      <select
        className={cn(
          controlClasses,
          "appearance-none truncate bg-none",
          selectSize === "sm" ? "h-8 pr-7 pl-2.5 text-[13px]" : "h-9 pr-8 pl-3",
          className,
        )}
        {...props}
      >
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className={cn(
          "pointer-events-none absolute top-1/2 size-4 -translate-y-1/2 text-muted-foreground",
          selectSize === "sm" ? "right-2" : "right-2.5",
        )}
      />
    </span>
  );
}
