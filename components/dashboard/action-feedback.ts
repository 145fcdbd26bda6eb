// Turning a server action's ActionResult into feedback: field errors next to their inputs,
// everything else as a toast. One place, so every form reacts the same way.
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import type { ActionError } from "@/lib/auth/action-result";
import { toast } from "@/components/ui/toaster";

/** "name: is required" → "Required"; "planId: must be…" → "Must be…" (the label already names the field). */
export function fieldMessage(message: string, field?: string): string {
  let text = field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  if (text === "is required") text = "Required";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Shows an action error: on its field when the form has that field (and focuses it), otherwise
 * as a toast. `fieldMap` renames server fields to form paths when they differ.
 */
export function applyActionError<T extends FieldValues, C = unknown, R = T>(form: UseFormReturn<T, C, R>, error: ActionError, fieldMap: Record<string, string> = {}): void {
  const field = error.field ? (fieldMap[error.field] ?? error.field) : undefined;
  if (field && field in flattenKeys(form.getValues())) {
    form.setError(field as Path<T>, { type: "server", message: fieldMessage(error.message, error.field) }, { shouldFocus: true });
    return;
  }
  toast.error(errorTitle(error), { description: error.message });
}

export function errorTitle(error: ActionError): string {
  switch (error.code) {
    case "forbidden":
      return "Not allowed";
    case "unauthorized":
      return "Your session has ended";
    case "conflict":
      return "That clashes with existing data";
    case "invalid_inputs":
      return "Check the form";
    case "service_unavailable":
      return "Temporarily unavailable";
    default:
      return "Could not save";
  }
}

/** Toast for an action error that concerns no form. */
export function toastActionError(error: ActionError, title?: string): void {
  toast.error(title ?? errorTitle(error), { description: error.message });
}

function flattenKeys(value: unknown, prefix = "", into: Record<string, true> = {}): Record<string, true> {
  if (prefix) into[prefix] = true;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flattenKeys(inner, prefix ? `${prefix}.${key}` : key, into);
  }
  return into;
}
