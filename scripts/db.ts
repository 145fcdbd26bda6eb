// `npm run db:migrate` and `npm run db:seed`, against DATABASE_URL or the embedded database.
import { closeDb } from "../lib/db";
import { seed } from "../prisma/seed";
import { rawEnv } from "../lib/env";
import { developmentAuthSecret, prepareDatabase, say } from "./lib/launcher";

const command = process.argv[2];

async function main() {
  if (command !== "migrate" && command !== "seed") throw new Error("usage: tsx scripts/db.ts migrate|seed");
  const database = await prepareDatabase();
  try {
    if (command === "seed") {
      process.env.DATABASE_URL = database.url;
      process.env.AUTH_SECRET = rawEnv("AUTH_SECRET") ?? developmentAuthSecret();
      await seed((line) => say(line));
      say("Demo data is in place.");
      await closeDb();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(`\n[equinox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
