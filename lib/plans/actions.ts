"use server";
import { staffAction } from "@/lib/auth/staff-action";
import { createPlan } from "@/lib/plans/create-plan";
import { updatePlan } from "@/lib/plans/update-plan";
import { archivePlan } from "@/lib/plans/archive-plan";
import type { CreatePlanInput, UpdatePlanInput } from "@/lib/plans/schemas";

export async function createPlanAction(input: CreatePlanInput) {
  return staffAction((ctx) => createPlan(ctx, input), { revalidate: ["/plans"] });
}

export async function updatePlanAction(input: UpdatePlanInput) {
  return staffAction((ctx) => updatePlan(ctx, input), { revalidate: ["/plans", `/plans/${input.planId}`] });
}

export async function archivePlanAction(input: { planId: string; archived: boolean }) {
  return staffAction((ctx) => archivePlan(ctx, input), { revalidate: ["/plans", `/plans/${input.planId}`] });
}
