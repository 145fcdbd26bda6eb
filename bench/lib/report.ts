// The tables the benchmark prints (Markdown, so they can go into the README as they are), with the
// targets of issues 8 and 16 checked where a figure has one, and the CPU of a request by layer.
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
      const sql = op.statements.equinox && op.statements.floor ? ` (SQL/req ${op.statements.equinox.perRequest} vs ${op.statements.floor.perRequest})` : "";
      const target = !op.reference;
      const scopes = [["per process", op.process], ...(op.machine ? [[`per machine (${api.processesPerMachine} processes each)`, op.machine] as const] : [])] as const;
      for (const [scope, result] of scopes) {
        for (const [c, figures] of [["c32", result.c32], ["c1", result.c1]] as const) {
          const part = `API ${c} ${scope}`;
          rows.push([part, `${op.label}: req/s${c === "c32" ? sql : ""}`, n(figures.equinox.rps, 0), n(figures.floor.rps, 0), n(figures.rpsRatio, 2), target ? `≥ ${TARGETS.apiRpsRatioMin}` : "", target ? mark(figures.rpsRatio >= TARGETS.apiRpsRatioMin) : ""]);
          rows.push([part, `${op.label}: p50 / p99 ms`, `${n(figures.equinox.p50, 2)} / ${n(figures.equinox.p99, 2)}`, `${n(figures.floor.p50, 2)} / ${n(figures.floor.p99, 2)}`, n(figures.p99Ratio, 2), target ? `p99 ≤ ${TARGETS.apiP99RatioMax}×` : "", target ? mark(figures.p99Ratio <= TARGETS.apiP99RatioMax) : ""]);
          if (c === "c32") rows.push([part, `${op.label}: CPU ms per request, server / database`, `${n(figures.equinox.serverCpuMs, 2)} / ${n(figures.equinox.dbCpuMs, 2)}`, `${n(figures.floor.serverCpuMs, 2)} / ${n(figures.floor.dbCpuMs, 2)}`, n(figures.equinox.serverCpuMs / figures.floor.serverCpuMs, 1), "", ""]);
        }
      }
      const all = [op.process, ...(op.machine ? [op.machine] : [])].flatMap((r) => [r.c32, r.c1]);
      const errors = all.reduce((sum, f) => sum + f.equinox.errors, 0);
      const floorErrors = all.reduce((sum, f) => sum + f.floor.errors, 0);
      if (errors || floorErrors) rows.push(["API", `${op.label}: errors`, n(errors, 0), n(floorErrors, 0), "", "0", mark(errors === 0)]);
    }
  }
  if (memory) {
    if (memory.atRestMb !== undefined) rows.push(["memory", "server RSS at rest, MB", n(memory.atRestMb), "", "", "", ""]);
    if (memory.afterApiMb !== undefined) rows.push(["memory", "server process RSS after the API runs, MB", n(memory.afterApiMb), api ? n(api.memory.floorAfterMb) : "", "", `< ${TARGETS.memoryAfterApiMb}`, mark(memory.afterApiMb < TARGETS.memoryAfterApiMb)]);
    if (api && Number.isFinite(api.memory.equinoxMachineAfterMb)) rows.push(["memory", `npm start after the API runs (launcher, primary, ${api.processesPerMachine} server processes), MB`, n(api.memory.equinoxMachineAfterMb), "", "", "", ""]);
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

/** Issue 16's targets at a glance: each operation's ratios, per process and per machine, c32 and c1. */
export function targetsTable(api: ApiPartResult): string {
  const header = ["operation", "scope", "c32 req/s ratio", "c32 p99 ratio", "c1 req/s ratio", "c1 p99 ratio", "met"];
  const rows: string[][] = [];
  for (const op of api.operations.filter((o) => !o.reference)) {
    for (const [scope, result] of [["process", op.process], ...(op.machine ? [["machine", op.machine] as const] : [])] as const) {
      const ok = [result.c32, result.c1].every((c) => c.rpsRatio >= TARGETS.apiRpsRatioMin && c.p99Ratio <= TARGETS.apiP99RatioMax);
      const cell = (value: number, good: boolean) => `${n(value, 2)}${good ? "" : " ✗"}`;
      rows.push([
        op.label,
        scope,
        cell(result.c32.rpsRatio, result.c32.rpsRatio >= TARGETS.apiRpsRatioMin),
        cell(result.c32.p99Ratio, result.c32.p99Ratio <= TARGETS.apiP99RatioMax),
        cell(result.c1.rpsRatio, result.c1.rpsRatio >= TARGETS.apiRpsRatioMin),
        cell(result.c1.p99Ratio, result.c1.p99Ratio <= TARGETS.apiP99RatioMax),
        mark(ok),
      ]);
    }
  }
  return markdown(header, rows, `Targets: throughput ≥ ${TARGETS.apiRpsRatioMin} of the floor's, p99 ≤ ${TARGETS.apiP99RatioMax}× the floor's (✗: missed)`);
}

/** The server CPU of a request by layer (per process, c32; bench/api/run-api.ts layerSplit says how). */
export function layersTable(api: ApiPartResult): string {
  const header = ["operation", "HTTP", "auth", "SQL (driver)", "domain", "server total", "database"];
  const rows = api.operations
    .filter((o) => o.layers)
    .map((o) => [o.label, ...[o.layers!.http, o.layers!.auth, o.layers!.sql, o.layers!.domain, o.layers!.total, o.layers!.database].map((v) => n(v, 2))]);
  return markdown(header, rows, "CPU ms per request by layer (per process, c32): HTTP = no key refused; auth = valid key refused minus that; SQL = the floor's driver CPU per statement × Equinox's statements; domain = the rest");
}

function markdown(header: string[], rows: string[][], caption: string): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [caption, "", line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
