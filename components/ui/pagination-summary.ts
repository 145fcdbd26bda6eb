// The words under a paged table: "Showing 1 customer", "Showing 1–20 of 45 customers",
// "Showing 21–40 customers" (more follow, how many is unknown). Pure, so it is tested alone.

export type ItemNoun = { one: string; other: string };

const nf = (n: number) => n.toLocaleString("en-US");

export function paginationSummary({ offset, count, total, noun }: { offset: number; count: number; total?: number; noun?: ItemNoun }): string {
  const words = (n: number) => (noun ? ` ${n === 1 ? noun.one : noun.other}` : "");
  if (count === 0) return noun ? `No ${noun.other}` : "No results";
  const from = offset + 1;
  const to = offset + count;
  // Everything is on this page: just say how many.
  if (total !== undefined && offset === 0 && count >= total) return `Showing ${nf(count)}${words(count)}`;
  const range = from === to ? nf(from) : `${nf(from)}–${nf(to)}`;
  if (total !== undefined) return `Showing ${range} of ${nf(total)}${words(total)}`;
  if (from === to) return noun ? `Showing ${noun.one} ${nf(from)}` : `Showing ${nf(from)}`;
  return `Showing ${range}${words(count)}`;
}
