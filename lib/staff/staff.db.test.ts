import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { createStaffUser, staffCtx } from "@/tests/factories";
import { adminCtx, uniqueEmail } from "@/tests/factories/staff";
import { addStaffMember } from "./add-staff-member";
import { inviteStaff } from "./invite-staff";
import { changeStaffRole } from "./change-staff-role";
import { removeStaffAccess } from "./remove-staff-access";
import { listStaff } from "./list-staff";
import { assertAnotherAdminRemains } from "./last-admin";

vi.spyOn(console, "info").mockImplementation(() => undefined);

const auditFor = (targetId: string) => db().auditEvent.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });

describe("inviting staff", () => {
  it("creates the user with the role, records it, and sends a sign-in link", async () => {
    const admin = await adminCtx();
    const email = uniqueEmail("Invitee").toUpperCase();
    const { member, emailSent } = await inviteStaff(admin, { email, role: "staff" });
    expect(member).toMatchObject({ email: email.toLowerCase(), role: "staff", status: "invited" });
    expect(emailSent).toBe(true);
    const tokens = await db().verificationToken.findMany({ where: { identifier: email.toLowerCase() } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.expires.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    const [event] = await auditFor(member.id);
    expect(event).toMatchObject({ action: "staff.added", env: null, actorId: admin.actor.userId, after: { role: "staff" } });
  });

  it("promotes an existing end customer instead of creating a second user", async () => {
    const admin = await adminCtx();
    const customer = await createStaffUser({ role: null });
    const { member } = await inviteStaff(admin, { email: customer.email!, role: "admin" });
    expect(member.id).toBe(customer.id);
    expect((await db().user.findUnique({ where: { id: customer.id } }))?.role).toBe("admin");
  });

  it("refuses an address that is already staff, naming the field", async () => {
    const admin = await adminCtx();
    const existing = await createStaffUser({ role: "staff" });
    await expect(inviteStaff(admin, { email: existing.email!, role: "admin" })).rejects.toMatchObject({ code: "conflict", field: "email" });
  });

  it("refuses an invalid email", async () => {
    const admin = await adminCtx();
    await expect(inviteStaff(admin, { email: "not-an-email", role: "staff" })).rejects.toThrow(/valid email/);
  });

  it("is for admins only", async () => {
    const staff = await staffCtx("sandbox", "staff");
    await expect(inviteStaff(staff, { email: uniqueEmail(), role: "staff" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("from the command line (system ctx) sets the role of an existing staff member", async () => {
    const existing = await createStaffUser({ role: "staff" });
    const result = await addStaffMember(systemCtx("sandbox", "cli"), { email: existing.email!, role: "admin" }, { ifStaff: "update" });
    expect(result.outcome).toBe("role_changed");
    expect(result.member.role).toBe("admin");
  });
});

describe("changing roles and removing access", () => {
  it("changes a role and records before and after", async () => {
    const admin = await adminCtx();
    const member = await createStaffUser({ role: "staff" });
    const updated = await changeStaffRole(admin, { userId: member.id, role: "admin" });
    expect(updated.role).toBe("admin");
    const events = await auditFor(member.id);
    expect(events.at(-1)).toMatchObject({ action: "staff.role_changed", before: { role: "staff" }, after: { role: "admin" } });
  });

  it("removes access: the user stays, without a role, and is no longer listed", async () => {
    const admin = await adminCtx();
    const member = await createStaffUser({ role: "staff" });
    await removeStaffAccess(admin, { userId: member.id });
    expect((await db().user.findUnique({ where: { id: member.id } }))?.role).toBeNull();
    expect((await listStaff(admin)).some((m) => m.id === member.id)).toBe(false);
    expect((await auditFor(member.id)).at(-1)).toMatchObject({ action: "staff.access_removed" });
  });

  it("answers not_found for someone without a role", async () => {
    const admin = await adminCtx();
    const customer = await createStaffUser({ role: null });
    await expect(changeStaffRole(admin, { userId: customer.id, role: "staff" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lists staff with their status", async () => {
    const admin = await adminCtx();
    const list = await listStaff(admin);
    expect(list.find((m) => m.id === admin.actor.userId)).toMatchObject({ role: "admin", status: "active" });
  });
});

describe("the last admin", () => {
  // Other test files create admins in the same database, so the "only one admin left" situation
  // is made inside a transaction that is rolled back.
  it("cannot be demoted or removed while no other admin exists", async () => {
    const last = await createStaffUser({ role: "admin" });
    const rollback = new Error("rollback");
    await expect(
      db().$transaction(async (tx) => {
        await tx.user.updateMany({ where: { role: "admin", id: { not: last.id } }, data: { role: "staff" } });
        await expect(assertAnotherAdminRemains(tx, last.id, "role")).rejects.toMatchObject({ code: "conflict", field: "role" });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });

  it("can step down when another admin remains", async () => {
    const admin = await adminCtx();
    await createStaffUser({ role: "admin" });
    const updated = await changeStaffRole(admin, { userId: admin.actor.userId, role: "staff" });
    expect(updated.role).toBe("staff");
  });
});
