import path from "node:path";
import { defineConfig } from "vitest/config";

// Two kinds of test, told apart by the file name so that `npm run test:unit` stays fast:
// - unit: pure code, no database, no Stripe emulator (`*.test.ts`, and `*.test.tsx` components
//   in a DOM). Its setup refuses any database connection, so a test that needs PostgreSQL and is
//   not named for it fails instead of quietly slowing the pure run down.
// - db: `*.db.test.ts`, against a throwaway PostgreSQL (made once per run) and a Stripe emulator
//   per file.
const roots = "{lib,app,components,scripts,stripe-emulator,tests,bench}";
const exclude = ["node_modules/**", "e2e/**", ".next/**"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; the tests are server code.
      "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only-stub.ts"),
    },
  },
  test: {
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [`${roots}/**/*.test.ts`],
          exclude: [...exclude, "**/*.db.test.ts"],
          setupFiles: ["tests/setup/unit-env.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "dom",
          include: [`${roots}/**/*.test.tsx`],
          exclude,
          environment: "happy-dom",
          setupFiles: ["tests/setup/unit-env.ts", "tests/setup/dom-env.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: [`${roots}/**/*.db.test.ts`],
          exclude,
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/test-env.ts", "tests/setup/stripe-emulator.ts"],
        },
      },
    ],
  },
});
