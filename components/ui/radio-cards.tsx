"use client";

import { useId } from "react";
import { cn } from "@/lib/utils/cn";

/** `disabled`: shown, not choosable (its description says why). */
export type RadioCardOption<V extends string> = { value: V; label: string; description?: React.ReactNode; disabled?: boolean };

export type RadioCardsProps<V extends string> = {
  /** The group's accessible name (shown as its legend). */
  legend: React.ReactNode;
  /** Hide the legend visually (it still names the group). */
  legendHidden?: boolean;
  options: readonly RadioCardOption<V>[];
  value: V;
  onChange: (value: V) => void;
  /** `row`: side by side (short choices); `stack`: one under the other. */
  layout?: "row" | "stack";
  error?: string;
  className?: string;
};

/**
 * A choice among a few options, each with a line of explanation: native radio inputs (arrow keys
 * move between them, Space selects, the form reads them as any radio group) drawn as cards.
 */
export function RadioCards<V extends string>({ legend, legendHidden, options, value, onChange, layout = "row", error, className }: RadioCardsProps<V>) {
  const name = useId();
  const errorId = `${name}-error`;
  return (
    <fieldset className={cn("flex min-w-0 flex-col gap-1.5", className)} aria-describedby={error ? errorId : undefined}>
      <legend className={cn("mb-1.5 text-[13px] font-medium text-foreground", legendHidden && "sr-only")}>{legend}</legend>
      <div className={cn("grid gap-2", layout === "row" ? "sm:auto-cols-fr sm:grid-flow-col" : "grid-cols-1")}>
        {options.map((option) => {
          const checked = option.value === value;
          // Named by its label alone; the explanation is its description (a short accessible name).
          const labelId = `${name}-${option.value}-label`;
          const descriptionId = `${name}-${option.value}-description`;
          return (
            <label
              key={option.value}
              className={cn(
                "flex cursor-pointer items-start gap-2.5 rounded-md border border-input bg-background px-3 py-2.5 text-sm transition-colors duration-100",
                "hover:border-zinc-400 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring",
                checked && "border-primary bg-primary/5 hover:border-primary",
                option.disabled && "cursor-not-allowed bg-muted/40 opacity-70 hover:border-input",
              )}
            >
              <input
                type="radio"
                name={name}
                value={option.value}
                checked={checked}
                disabled={option.disabled}
                onChange={() => onChange(option.value)}
                aria-labelledby={labelId}
                aria-describedby={option.description ? descriptionId : undefined}
                className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)] focus-visible:outline-none"
              />
              <span className="min-w-0">
                <span id={labelId} className="block font-medium text-foreground">
                  {option.label}
                </span>
                {option.description ? (
                  <span id={descriptionId} className="mt-0.5 block text-xs text-muted-foreground">
                    {option.description}
                  </span>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
