import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { createRequire } from "node:module";

// Layers point one way: app/ -> components/ -> lib/ (docs: README's Layout). A module of lib/ is
// imported by pages, components, routes and scripts alike, so it must not reach back into them;
// a component must not reach into the routing folder. Two rules say it: no-restricted-imports reads
// the import as written (`@/app/...`, `../../components/...`); import/no-restricted-paths resolves
// it (also `import()` and re-exports). Checked by tests/lint/layering.test.ts.
const reachingInto = (...layers) => `^(@/|(\\.\\./)+)(${layers.join("|")})(/|$)`;
const layering = (...layers) => ({
  "no-restricted-imports": [
    "error",
    { patterns: [{ regex: reachingInto(...layers), message: `Layers point one way (app/ -> components/ -> lib/): this file may not import from ${layers.map((layer) => `${layer}/`).join(" or ")}.` }] },
  ],
});

// eslint-config-next resolves imports with the Node resolver first, then the TypeScript one: every
// `@/` import fails in the first (a thrown error each time) before the second finds it. The
// TypeScript resolver alone resolves packages and `@/` paths alike (tsconfig.json), at a fraction
// of the cost of import/no-cycle, which resolves every import of every module.
const typescriptResolver = { [createRequire(import.meta.url).resolve("eslint-import-resolver-typescript")]: { alwaysTryTypes: true } };
const withTypescriptResolver = (entry) =>
  entry.settings?.["import/resolver"] ? { ...entry, settings: { ...entry.settings, "import/resolver": typescriptResolver } } : entry;

const config = [
  ...nextCoreWebVitals.map(withTypescriptResolver),
  ...nextTypescript,
  {
    ignores: ["lib/generated/**", "bench/results/**", ".next/**", "node_modules/**", ".data/**", "playwright-report/**", "test-results/**", "next-env.d.ts", "tests/lint/fixtures/**", "examples/*/.next/**", "examples/*/next-env.d.ts"],
  },
  {
    // Playwright fixtures call `use(...)`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  { files: ["lib/**"], rules: layering("app", "components") },
  { files: ["components/**"], rules: layering("app") },
  {
    files: ["**/*.{ts,tsx,mts}"],
    // import/no-cycle follows imports by parsing each module: not the packages or the generated
    // Prisma client (they import nothing of ours back, and parsing them is most of the cost).
    settings: { "import/ignore": ["node_modules", "lib/generated/"] },
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib", from: ["./app", "./components"], message: "Layers point one way (app/ -> components/ -> lib/)." },
            { target: "./components", from: "./app", message: "Layers point one way (app/ -> components/ -> lib/)." },
          ],
        },
      ],
      // An import loop makes the order modules run in depend on who is imported first.
      // Type-only imports are not followed (they vanish at run time).
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
