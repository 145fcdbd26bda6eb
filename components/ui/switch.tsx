"use client";

import { useState } from "react";
import { cn } from "@/lib/utils/cn";
import { useFieldControlProps } from "./field";

export type SwitchProps = Omit<React.ComponentProps<"button">, "onChange" | "value" | "role"> & {
  checked?: boolean;
  defaultChecked?: boolean;
  onCheckedChange?: (checked: boolean) => void;
  size?: "sm" | "md";
};

/**
 * On/off switch: a button with role="switch" and aria-checked, which is all a switch is (it is
 * what Radix's Switch renders; written here, it keeps Radix's code out of the pages that show one,
 * the Customers page's filters among them). Needs a label: wrap in `<Field orientation="horizontal">`,
 * point a `<Label htmlFor>` at its id, or pass `aria-label`. With react-hook-form:
 * `checked={field.value} onCheckedChange={field.onChange}`. Controlled (`checked`) or not
 * (`defaultChecked`); `data-state` is "checked" or "unchecked", as with Radix.
 */
export function Switch({ className, size = "md", checked, defaultChecked = false, onCheckedChange, onClick, ...rest }: SwitchProps) {
  const [uncontrolled, setUncontrolled] = useState(defaultChecked);
  const on = checked ?? uncontrolled;
  const props = useFieldControlProps(rest);
  const state = on ? "checked" : "unchecked";
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      data-state={state}
      data-slot="switch"
      className={cn(
        "peer inline-flex shrink-0 items-center rounded-full p-0.5",
        "transition-colors duration-150",
        "bg-zinc-300 data-[state=checked]:bg-primary hover:data-[state=unchecked]:bg-zinc-400/80",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        "disabled:cursor-not-allowed disabled:opacity-50",
        size === "sm" ? "h-4 w-7" : "h-5 w-9",
        className,
      )}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented) return;
        if (checked === undefined) setUncontrolled(!on);
        onCheckedChange?.(!on);
      }}
      {...props}
    >
      <span
        data-state={state}
        className={cn(
          "pointer-events-none block rounded-full bg-white shadow-sm ring-0 transition-transform duration-150",
          size === "sm" ? "size-3 data-[state=checked]:translate-x-3" : "size-4 data-[state=checked]:translate-x-4",
        )}
      />
    </button>
  );
}
