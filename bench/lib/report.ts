// The one table the benchmark prints (Markdown, so it can go into the README as it is), with the
// targets of issue 8 checked where a figure has one.
import type { ApiPartResult } from "../api/run-api";
import type { PagePartResult } from "../page/run-page";
import type { ScalePartResult } from "../scale/run-scale";

export type Targets = typeof TARGETS;

export const TARGETS = {
  apiRpsRatioMin: 0.5,
  apiP99RatioMax: 2,
  domainP95Ms: 50,
  httpP95Ms: 150,
  customersPageJsKb: 200,
  memoryAfterApiMb: 400,
};

import type { HeapFigures } from "./processes";

export type Memory = { atRestMb?: number; afterApiMb?: number; afterApiIdleMb?: number; endMb?: number; heapAtRest?: HeapFigures; heapAfterApi?: HeapFigures };

type Row = [part: string, measure: string, equinox: string, floor: string, ratio: string, target: string, ok: string];

const mark = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "yes" : "**no**");
const n = (value: number, digits = 1) => (Number.isFinite(value) ? value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : "–");

export function buildTable(results: { api?: ApiPartResult; scale?: ScalePartResult; page?: PagePartResult; memory?: Memory }): string {
  const rows: Row[] = [];
  const { api, scale, page, memory } = results;
  if (api) {
    for (const op of api.operations) {
      const { c32, c1 } = op;
      const sql = op.statements.equinox && op.statements.floor ? ` (SQL/req ${op.statements.equinox.perRequest} vs ${op.statements.floor.perRequest})` : "";
      const target = !op.reference;
      rows.push(["API c32", `${op.label}: req/s${sql}`, n(c32.equinox.rps, 0), n(c32.floor.rps, 0), n(c32.rpsRatio, 2), target ? `≥ ${TARGETS.apiRpsRatioMin}` : "", target ? mark(c32.rpsRatio >= TARGETS.apiRpsRatioMin) : ""]);
      rows.push(["API c32", `${op.label}: p50 / p99 ms`, `${n(c32.equinox.p50)} / ${n(c32.equinox.p99)}`, `${n(c32.floor.p50)} / ${n(c32.floor.p99)}`, n(c32.p99Ratio, 2), target ? `p99 ≤ ${TARGETS.apiP99RatioMax}×` : "", target ? mark(c32.p99Ratio <= TARGETS.apiP99RatioMax) : ""]);
      rows.push(["API c32", `${op.label}: CPU ms per request, server / database`, `${n(c32.equinox.serverCpuMs, 2)} / ${n(c32.equinox.dbCpuMs, 2)}`, `${n(c32.floor.serverCpuMs, 2)} / ${n(c32.floor.dbCpuMs, 2)}`, n(c32.equinox.serverCpuMs / c32.floor.serverCpuMs, 1), "", ""]);
      rows.push(["API c1", `${op.label}: req/s, p50 / p99 ms`, `${n(c1.equinox.rps, 0)}, ${n(c1.equinox.p50, 2)} / ${n(c1.equinox.p99, 2)}`, `${n(c1.floor.rps, 0)}, ${n(c1.floor.p50, 2)} / ${n(c1.floor.p99, 2)}`, n(c1.rpsRatio, 2), "", ""]);
      const errors = c32.equinox.errors + c1.equinox.errors;
      const floorErrors = c32.floor.errors + c1.floor.errors;
      if (errors || floorErrors) rows.push(["API", `${op.label}: errors`, n(errors, 0), n(floorErrors, 0), "", "0", mark(errors === 0)]);
    }
  }
  if (memory) {
    if (memory.atRestMb !== undefined) rows.push(["memory", "server RSS at rest, MB", n(memory.atRestMb), "", "", "", ""]);
    if (memory.afterApiMb !== undefined) rows.push(["memory", "server RSS after the API runs, MB", n(memory.afterApiMb), api ? n(api.memory.floorAfterMb) : "", "", `< ${TARGETS.memoryAfterApiMb}`, mark(memory.afterApiMb < TARGETS.memoryAfterApiMb)]);
    if (memory.afterApiIdleMb !== undefined) rows.push(["memory", "server RSS 15 s after the API runs, MB", n(memory.afterApiIdleMb), "", "", "", ""]);
    if (memory.heapAfterApi) rows.push(["memory", "JS heap then: used / reserved by V8, MB", `${n(memory.heapAfterApi.heapUsedMb)} / ${n(memory.heapAfterApi.heapTotalMb)}`, "", "", "", ""]);
    if (memory.endMb !== undefined) rows.push(["memory", "server RSS at the end of the run, MB", n(memory.endMb), "", "", "", ""]);
  }
  if (scale) {
    rows.push(["dashboard", `seed ${n(scale.seed.customers, 0)} customers (${n(scale.seed.counts.pending ?? 0, 0)} pending, ${n(scale.seed.counts.with_plan ?? 0, 0)} with a plan)`, `${n(scale.seed.seconds)} s`, "", "", "", ""]);
    for (const s of scale.scenarios) {
      rows.push(["dashboard", `${s.label}: domain p50 / p95 ms`, `${n(s.domain.p50)} / ${n(s.domain.p95)}`, "", "", `p95 < ${TARGETS.domainP95Ms}`, mark(s.domain.p95 < TARGETS.domainP95Ms)]);
      rows.push(["dashboard", `${s.label}: HTTP p50 / p95 ms`, `${n(s.http.p50)} / ${n(s.http.p95)}`, "", "", `p95 < ${TARGETS.httpP95Ms}`, mark(s.http.p95 < TARGETS.httpP95Ms)]);
    }
  }
  if (page) {
    for (const p of page.pages) {
      const isCustomers = p.id === "customers";
      rows.push(["page", `${p.label}: JS / CSS KB transferred (compressed; JS with link prefetches)`, `${n(p.jsKb)} / ${n(p.cssKb)} (${n(p.jsWithPrefetchKb)})`, "", "", isCustomers ? `JS ≤ ${TARGETS.customersPageJsKb}` : "", isCustomers ? mark(p.jsKb <= TARGETS.customersPageJsKb) : ""]);
      rows.push(["page", `${p.label}: requests, ms to ${p.id === "customers" ? "table" : "content"} visible`, `${p.requests}, ${n(p.readyMs, 0)} ms`, "", "", "", ""]);
    }
  }
  const header: Row = ["part", "measure", "Equinox", "floor", "Equinox/floor", "target", "met"];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: Row) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
