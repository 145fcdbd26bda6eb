// Vitest global setup: one throwaway database for the whole run, migrated once.
import type { TestProject } from "vitest/node";
import { createThrowawayDatabase } from "./throwaway-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createThrowawayDatabase("unit");
  project.provide("databaseUrl", database.url);
  return async () => database.drop();
}
