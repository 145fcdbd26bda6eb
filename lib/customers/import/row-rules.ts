// What an import does with each row, decided without the database: a row is checked with the
// customers' own field rules (the create form's id, email, name and metadata schemas, and the rule
// that a customer without an id needs an email), then every row is classified against what the
// database holds (looked up by the caller, see classify-import.ts) and against the rows before it
// in the same file. Pure, so the dry run and the apply decide alike and the rules are unit-tested.
import { z } from "zod";
import { normalizeEmail, type NormalizedEmail } from "@/lib/email/normalize-email";
import { customerIdSchema, emailSchema, metadataSchema, nameSchema } from "../schemas";
import { EMAIL_REQUIRED_WITHOUT_ID, lacksIdAndEmail } from "../customer-rules";
import { pendingEmailTaken } from "../errors";
import { inputShapeProblem } from "@/lib/security/input-limits";
import type { ImportOutcome, ImportRow, SkipReason } from "./schemas";

/** A row whose fields follow the rules, in the domain's terms. */
export type ValidRow = {
  externalId: string | null;
  name: string | null;
  email: string | null;
  emailNormalized: NormalizedEmail | null;
  planId: string | null;
  /** Minor units (cents); null: the plan's own price. */
  priceAmount: number | null;
  currency: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  metadata: Record<string, unknown>;
};

export type Skip = { outcome: "skip"; reason: SkipReason; message: string };
export type JudgedRow = { ok: true; row: ValidRow } | ({ ok: false } & Skip);

const skip = (reason: SkipReason, message: string): { ok: false } & Skip => ({ ok: false, outcome: "skip", reason, message });
const blank = (value: string | number | null | undefined) => value === undefined || value === null || String(value).trim() === "";
const firstIssue = (error: z.ZodError) => error.issues[0]?.message ?? "is not valid";

/**
 * A price as people type it, in major units: `1200`, `1200.5`, `1,200.50` (comma thousands),
 * `1200,50` and `1.200,50` (comma decimals, as semicolon-separated files from Europe have them).
 * Returns minor units, or a problem.
 */
export function parsePrice(value: string | number): { amount: number } | { problem: string } {
  let text = typeof value === "number" ? String(value) : value.replace(/[\s\u00a0']/g, "");
  if (typeof value !== "number") {
    const lastComma = text.lastIndexOf(",");
    const lastDot = text.lastIndexOf(".");
    if (lastComma > lastDot) {
      // The comma is the decimal separator when 1-2 digits follow it and it is the only one.
      const decimals = text.length - lastComma - 1;
      const commaIsDecimal = (decimals === 1 || decimals === 2) && text.indexOf(",") === lastComma;
      text = commaIsDecimal ? text.replace(/\./g, "").replace(",", ".") : text.replace(/,/g, "");
    } else {
      text = text.replace(/,/g, "");
    }
  }
  if (!/^\d+(\.\d+)?$/.test(text)) return { problem: "price: must be a positive amount like 1200 or 1200.50" };
  const amount = Number(text);
  const minor = Math.round(amount * 100);
  if (Math.abs(amount * 100 - minor) > 1e-6) return { problem: "price: at most two decimals" };
  if (minor > 100_000_000_00) return { problem: "price: too large" };
  return { amount: minor };
}

/** `YYYY-MM-DD` (midnight UTC) or an ISO date-time with an offset. */
export function parseDate(value: string, field: string): { date: Date } | { problem: string } {
  const text = value.trim();
  const ok = z.iso.date().safeParse(text).success || z.iso.datetime({ offset: true }).safeParse(text).success;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!ok || Number.isNaN(date.getTime())) return { problem: `${field}: must be a date like 2027-01-31 (or an ISO date-time)` };
  return { date };
}

/** Checks one row with the customers' field rules. `now` decides whether an end date is in the past. */
export function judgeRow(input: ImportRow, now: Date): JudgedRow {
  // PostgreSQL cannot store a NUL character or an unpaired surrogate: such a row is refused alone.
  const shape = inputShapeProblem(input);
  if (shape) return skip("invalid_row", shape.message);
  const id = blank(input.id) ? null : input.id!.trim();
  if (id !== null) {
    const parsed = customerIdSchema.safeParse(id);
    if (!parsed.success) return skip("invalid_row", `id: ${firstIssue(parsed.error)}`);
  }
  const email = emailSchema.safeParse(input.email ?? null);
  if (!email.success) return skip("invalid_email", `email: ${firstIssue(email.error)}`);
  if (lacksIdAndEmail(id, email.data)) return skip("invalid_email", `email: ${EMAIL_REQUIRED_WITHOUT_ID}`);
  const name = nameSchema.safeParse(input.name ?? null);
  if (!name.success) return skip("invalid_row", `name: ${firstIssue(name.error)}`);

  const metadataEntries = Object.entries(input.metadata ?? {})
    .map(([key, value]) => [key.trim(), typeof value === "string" ? value.trim() : value] as const)
    .filter(([key, value]) => key !== "" && !blank(value as string | number | null));
  const metadata = metadataSchema.safeParse(Object.fromEntries(metadataEntries));
  if (!metadata.success) return skip("invalid_row", `metadata: ${firstIssue(metadata.error)}`);

  const planId = blank(input.plan_id) ? null : input.plan_id!.trim();
  let priceAmount: number | null = null;
  if (!blank(input.price)) {
    const price = parsePrice(input.price!);
    if ("problem" in price) return skip("invalid_row", price.problem);
    priceAmount = price.amount;
  }
  let currency: string | null = null;
  if (!blank(input.currency)) {
    currency = input.currency!.trim().toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) return skip("invalid_row", "currency: must be a three-letter ISO currency code");
  }
  const dates: { startsAt: Date | null; endsAt: Date | null } = { startsAt: null, endsAt: null };
  for (const [field, key] of [
    ["starts_at", "startsAt"],
    ["ends_at", "endsAt"],
  ] as const) {
    const value = input[field];
    if (blank(value)) continue;
    const parsed = parseDate(value!, field);
    if ("problem" in parsed) return skip("invalid_row", parsed.problem);
    dates[key] = parsed.date;
  }
  if (planId === null && (priceAmount !== null || currency !== null || dates.startsAt || dates.endsAt)) {
    return skip("invalid_row", "plan_id: a price, currency or dates need a plan");
  }
  // The enable-plan rule (enablePlanInTx): a plan ends in the future and after it starts.
  if (dates.endsAt && dates.endsAt.getTime() <= Math.max(now.getTime(), dates.startsAt?.getTime() ?? 0)) {
    return skip("invalid_row", "ends_at: must be in the future and after the start date");
  }
  return {
    ok: true,
    row: {
      externalId: id,
      name: name.data,
      email: email.data,
      emailNormalized: normalizeEmail(email.data),
      planId,
      priceAmount,
      currency,
      ...dates,
      metadata: metadata.data,
    },
  };
}

/** What the database holds that decides a row, looked up for a whole batch at once. */
export type ImportLookups = {
  /** Customers with these ids: internal id, and the import that created them (if any). */
  existingIds: Map<string, { customerId: string; importId: string | null }>;
  /** Pending customers with these normalised emails. */
  pendingEmails: Map<string, { customerId: string; importId: string | null }>;
  /** Plans that can be enabled, by id (unknown and archived ones are absent). */
  plans: ReadonlySet<string>;
  /** The import being applied (its own earlier batches are "earlier rows of the same file"). */
  importId: string | null;
};

export type Classified = { outcome: Exclude<ImportOutcome, "skip">; row: ValidRow; customerId: string | null } | Skip;

/**
 * Classifies rows in file order. The first row that would be written wins an id or a pending
 * email; a later row with the same one is a duplicate in the file (as is a row whose id or email a
 * previous batch of the same import already wrote).
 */
export function classifyRows(judged: readonly JudgedRow[], lookups: ImportLookups): Classified[] {
  const seenIds = new Set<string>();
  const seenEmails = new Set<string>();
  return judged.map((entry): Classified => {
    if (!entry.ok) return { outcome: "skip", reason: entry.reason, message: entry.message };
    const { row } = entry;
    if (row.planId !== null && !lookups.plans.has(row.planId)) {
      return { outcome: "skip", reason: "unknown_plan", message: `plan_id: no plan ${row.planId} that can be enabled in this environment` };
    }
    const byOurImport = (found: { importId: string | null } | undefined) => found !== undefined && lookups.importId !== null && found.importId === lookups.importId;
    if (row.externalId !== null) {
      const existing = lookups.existingIds.get(row.externalId);
      if (seenIds.has(row.externalId) || byOurImport(existing)) {
        return { outcome: "skip", reason: "duplicate_in_file", message: `id: ${row.externalId} appears in an earlier row` };
      }
      seenIds.add(row.externalId);
      return existing ? { outcome: "update", row, customerId: existing.customerId } : { outcome: "create", row, customerId: null };
    }
    const email = row.emailNormalized!;
    const pending = lookups.pendingEmails.get(email);
    if (seenEmails.has(email) || byOurImport(pending)) {
      return { outcome: "skip", reason: "duplicate_in_file", message: "email: an earlier row creates a customer without an id with this email" };
    }
    seenEmails.add(email);
    // The create form's rule (createCustomer): one pending customer per email in an environment.
    if (pending) return { outcome: "skip", reason: "pending_email_taken", message: pendingEmailTaken().message };
    return { outcome: "create_pending", row, customerId: null };
  });
}

