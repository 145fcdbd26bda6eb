// Every /v1 route handler in the app, found by scanning app/v1 for route.ts files, so a new route
// is fuzzed (and checked for an authorization answer) without anyone remembering to list it.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const V1_DIR = path.join(root, "app", "v1");
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type V1Route = {
  /** URL path with `[param]` segments as in the folder names: `/v1/customers/[id]`. */
  template: string;
  /** Names of the dynamic segments, in order. */
  params: string[];
  file: string;
  /** Methods the file exports, read from its source (so the HTTP run needs no import). */
  methods: HttpMethod[];
  /** Public documents (the OpenAPI JSON) answer without a key. */
  public: boolean;
};

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function exportedMethods(source: string): HttpMethod[] {
  return HTTP_METHODS.filter((method) =>
    new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b|export\\s*\\{[^}]*\\b(as\\s+)?${method}\\b[^}]*\\}`).test(source),
  );
}

export function v1Routes(): V1Route[] {
  return routeFiles(V1_DIR)
    .sort()
    .map((file) => {
      const relative = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
      const template = `/${relative.join("/")}`;
      const source = fs.readFileSync(file, "utf8");
      return {
        template,
        params: relative.filter((s) => s.startsWith("[")).map((s) => s.replace(/^\[+\.*|\]+$/g, "")),
        file,
        methods: exportedMethods(source),
        public: !source.includes("apiRoute("),
      };
    });
}

/** The concrete path for a template and its params (URL-encoded). */
export function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\[([^\]]+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
}
