// What the roles are called, apart from the schemas: the dashboard shell shows the signed-in
// user's role on every page, and importing the labels from schemas.ts put zod (about 30 KB
// compressed) into every page's JavaScript.

export const STAFF_ROLE_LABEL = { admin: "Admin", staff: "Staff" } as const;

export const STAFF_ROLE_DESCRIPTION = {
  admin: "Everything, including staff, API keys and the catalog",
  staff: "Customers, their plans and balances, and the audit log",
} as const;
