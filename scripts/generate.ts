// `prisma generate`, offline (see scripts/lib/prisma-cli.ts). Runs after every `npm install`.
import { runPrisma } from "./lib/prisma-cli";

runPrisma(["generate"], undefined, { quiet: true })
  .then(() => console.log("[equinox] Prisma client generated (lib/generated/prisma)."))
  .catch((error) => {
    console.error(String(error));
    process.exit(1);
  });
