// `npm run staff -- add <email> --role admin|staff` and `npm run staff -- list`: staff management
// from the command line (the first admin of a fresh install, or a team locked out of its last
// admin). Same domain functions as the Staff page, acting as the system.
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db";
import { rawEnv } from "../lib/env";
import { systemCtx } from "../lib/context";
import { addStaffMember } from "../lib/staff/add-staff-member";
import { listStaff } from "../lib/staff/list-staff";
import { staffRoleSchema } from "../lib/staff/schemas";
import { developmentAuthSecret, port, prepareDatabase, say } from "./lib/launcher";

const USAGE = `usage:
  npm run staff -- add <email> --role admin|staff
  npm run staff -- list`;

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: "string" }, help: { type: "boolean", short: "h" } } });
  const [command, email] = positionals;
  if (values.help || !command) return console.log(USAGE);
  if (command !== "add" && command !== "list") throw new Error(`Unknown command "${command}"\n${USAGE}`);
  if (command === "add" && !email) throw new Error(`Give the email address to add\n${USAGE}`);
  const role = command === "add" ? staffRoleSchema.safeParse(values.role ?? "") : undefined;
  if (role && !role.success) throw new Error(`--role must be admin or staff\n${USAGE}`);

  const database = await prepareDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = rawEnv("AUTH_SECRET") ?? developmentAuthSecret();
  const ctx = systemCtx("sandbox", "command line (npm run staff)");
  try {
    if (command === "list") {
      for (const member of await listStaff(ctx)) say(`${member.role.padEnd(5)}  ${member.status.padEnd(7)}  ${member.email}`);
    } else {
      const { member, outcome } = await addStaffMember(ctx, { email: email!, role: role!.data! }, { ifStaff: "update" });
      const what = { created: "added", promoted: "given dashboard access", role_changed: "changed role", unchanged: "already had that role" }[outcome];
      say(`${member.email} ${what}: ${member.role}. They sign in at ${rawEnv("APP_URL") ?? `http://localhost:${port()}`}/sign-in with this address.`);
    }
  } finally {
    await closeDb();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(`\n[equinox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
