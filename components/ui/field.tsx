"use client";

import { createContext, isValidElement, use, useId } from "react";
import { cn } from "@/lib/utils/cn";
import { Label } from "./label";

type FieldContextValue = {
  /** id of the control; the label's htmlFor points at it. */
  id: string;
  /** Space-separated ids of help text and error message (may be empty). */
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
  disabled: boolean;
};

const FieldContext = createContext<FieldContextValue | null>(null);

/** Read the surrounding `<Field>` wiring (null outside a Field). Use it to connect a custom control. */
export function useField(): FieldContextValue | null {
  return use(FieldContext);
}

type ControlA11yProps = {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: React.AriaAttributes["aria-invalid"];
  required?: boolean;
  disabled?: boolean;
};

/**
 * Merge Field wiring into a control's props; explicit props win.
 * Used by Input, Textarea, SelectTrigger, Checkbox, Switch.
 */
export function useFieldControlProps<P extends ControlA11yProps>(props: P): P {
  const field = use(FieldContext);
  if (!field) return props;
  const describedBy = [field.describedBy, props["aria-describedby"]].filter(Boolean).join(" ");
  return {
    ...props,
    id: props.id ?? field.id,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": props["aria-invalid"] ?? (field.invalid || undefined),
    required: props.required ?? (field.required || undefined),
    disabled: props.disabled ?? (field.disabled || undefined),
  };
}

type FieldErrorLike = { message?: string | undefined } | undefined | null;

export type FieldProps = Omit<React.ComponentProps<"div">, "children"> & {
  /** Visible label text. */
  label: React.ReactNode;
  /** The control: Input, Textarea, Select, Checkbox, Switch (or anything using `useField`). */
  children: React.ReactNode;
  /** Help text under the control (linked via aria-describedby). */
  help?: React.ReactNode;
  /** Error message: a string/node, or a react-hook-form `FieldError` (its `message` is shown). */
  error?: React.ReactNode | FieldErrorLike;
  /** Control id; defaults to a generated one. Pass it if the control needs a known id. */
  htmlFor?: string;
  required?: boolean;
  disabled?: boolean;
  /** Shows "Optional" next to the label. */
  optional?: boolean;
  /** `vertical` (label above) or `horizontal` (control first, for Checkbox/Switch). */
  orientation?: "vertical" | "horizontal";
};

function errorText(error: FieldProps["error"]): React.ReactNode {
  if (error == null || error === false) return null;
  if (typeof error === "object" && !isValidElement(error) && "message" in error) {
    return (error as { message?: string }).message ?? null;
  }
  return error as React.ReactNode;
}

/**
 * Label + control + help + error, wired for assistive tech:
 * the label targets the control, help and error are referenced by `aria-describedby`,
 * and the control gets `aria-invalid` when there is an error.
 */
export function Field({
  label,
  children,
  help,
  error,
  htmlFor,
  required = false,
  disabled = false,
  optional = false,
  orientation = "vertical",
  className,
  ...props
}: FieldProps) {
  const generated = useId();
  const id = htmlFor ?? `field-${generated}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const message = errorText(error);
  const invalid = message != null && message !== "";
  const describedBy = [help ? helpId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;

  const labelNode = (
    <Label htmlFor={id} className={cn(disabled && "opacity-60")}>
      {label}
      {required ? (
        <span aria-hidden="true" className="text-destructive">
          *
        </span>
      ) : null}
      {optional && !required ? <span className="font-normal text-muted-foreground">Optional</span> : null}
    </Label>
  );
  const helpNode = help ? (
    <p id={helpId} className="text-xs text-muted-foreground">
      {help}
    </p>
  ) : null;
  const errorNode = invalid ? (
    <p id={errorId} className="text-xs font-medium text-destructive-ink">
      {message}
    </p>
  ) : null;

  return (
    <FieldContext value={{ id, describedBy, invalid, required, disabled }}>
      {orientation === "horizontal" ? (
        <div data-slot="field" className={cn("flex items-start gap-2.5", className)} {...props}>
          <div className="flex h-5 items-center">{children}</div>
          <div className="grid gap-1">
            {labelNode}
            {helpNode}
            {errorNode}
          </div>
        </div>
      ) : (
        <div data-slot="field" className={cn("grid gap-1.5", className)} {...props}>
          {labelNode}
          {children}
          {helpNode}
          {errorNode}
        </div>
      )}
    </FieldContext>
  );
}
