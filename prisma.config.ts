// Prisma CLI configuration. Migrations run through the JavaScript schema engine and the pg driver
// adapter, so no native engine binary is downloaded (CI and many installs are offline).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: run Prisma through `npm run db:migrate`.");
    return new PrismaPg({ connectionString: url });
  },
});
