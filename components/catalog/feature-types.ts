import type { FeatureType } from "@/lib/generated/prisma";

export const FEATURE_TYPES: { value: FeatureType; label: string; description: string }[] = [
  { value: "boolean", label: "On/off", description: "A capability a plan has or not (SSO, priority support)." },
  { value: "single_use", label: "Metered", description: "Usage that is used up and can reset (messages, API calls)." },
  { value: "continuous_use", label: "Continuous", description: "Usage held over time, never reset (seats, projects)." },
];

export const FEATURE_TYPE_LABEL = Object.fromEntries(FEATURE_TYPES.map((t) => [t.value, t.label])) as Record<FeatureType, string>;
