"use server";
import { staffAction } from "@/lib/auth/staff-action";
import { createWebhookEndpoint, deleteWebhookEndpoint, revealWebhookSecret, rotateWebhookSecret, updateWebhookEndpoint } from "@/lib/webhooks-out/endpoints";
import { resendWebhookDelivery, sendTestWebhookEvent } from "@/lib/webhooks-out/deliveries";
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "@/lib/webhooks-out/schemas";

const revalidate = ["/webhooks"];
const admin = { revalidate, minRole: "admin" as const };

export async function createWebhookEndpointAction(input: CreateWebhookEndpointInput) {
  return staffAction((ctx) => createWebhookEndpoint(ctx, input), admin);
}

export async function updateWebhookEndpointAction(input: UpdateWebhookEndpointInput) {
  return staffAction((ctx) => updateWebhookEndpoint(ctx, input), admin);
}

export async function deleteWebhookEndpointAction(input: { id: string }) {
  return staffAction((ctx) => deleteWebhookEndpoint(ctx, input), admin);
}

export async function revealWebhookSecretAction(input: { id: string }) {
  return staffAction((ctx) => revealWebhookSecret(ctx, input), { minRole: "admin" });
}

export async function rotateWebhookSecretAction(input: { id: string }) {
  return staffAction((ctx) => rotateWebhookSecret(ctx, input), admin);
}

export async function sendTestWebhookEventAction(input: { id: string }) {
  return staffAction((ctx) => sendTestWebhookEvent(ctx, input), admin);
}

export async function resendWebhookDeliveryAction(input: { id: string }) {
  return staffAction((ctx) => resendWebhookDelivery(ctx, input), admin);
}
