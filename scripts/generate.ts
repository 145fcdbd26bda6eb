// `prisma generate`, offline (see scripts/lib/prisma-cli.ts). Runs after every `npm install`.
import path from "node:path";
import { runPrisma } from "./lib/prisma-cli";
import { projectRoot } from "./lib/prisma-cli";
import { untracePrismaClient } from "./lib/untrace-prisma-client";

runPrisma(["generate"], undefined, { quiet: true })
  .then(() => {
    untracePrismaClient(path.join(projectRoot, "lib", "generated", "prisma"));
    console.log("[equinox] Prisma client generated (lib/generated/prisma).");
  })
  .catch((error) => {
    console.error(String(error));
    process.exit(1);
  });
