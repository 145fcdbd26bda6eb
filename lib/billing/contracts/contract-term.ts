// A contract's next term: as long as the current one, in calendar months when the term is a whole
// number of months (Jan 1 → Jan 1 renews to the next Jan 1, whatever the leap years), else in time.
import { addMonthsUtc } from "@/lib/plans/reset-schedule";

export function nextTermEnd(termStart: Date, termEnd: Date): Date {
  const months = (termEnd.getUTCFullYear() - termStart.getUTCFullYear()) * 12 + termEnd.getUTCMonth() - termStart.getUTCMonth();
  if (months > 0 && addMonthsUtc(termStart, months).getTime() === termEnd.getTime()) return addMonthsUtc(termEnd, months);
  return new Date(termEnd.getTime() + (termEnd.getTime() - termStart.getTime()));
}
