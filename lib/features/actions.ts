"use server";
// Thin adapters: the session and role are checked by staffAction, the rules by the domain.
import { staffAction } from "@/lib/auth/staff-action";
import { createFeature } from "@/lib/features/create-feature";
import { updateFeature } from "@/lib/features/update-feature";
import { archiveFeature } from "@/lib/features/archive-feature";
import type { ArchiveFeatureInput, CreateFeatureInput, UpdateFeatureInput } from "@/lib/features/schemas";

const revalidate = ["/features", "/plans"];

export async function createFeatureAction(input: CreateFeatureInput) {
  return staffAction((ctx) => createFeature(ctx, input), { revalidate });
}

export async function updateFeatureAction(input: UpdateFeatureInput) {
  return staffAction((ctx) => updateFeature(ctx, input), { revalidate });
}

export async function archiveFeatureAction(input: ArchiveFeatureInput) {
  return staffAction((ctx) => archiveFeature(ctx, input), { revalidate });
}
