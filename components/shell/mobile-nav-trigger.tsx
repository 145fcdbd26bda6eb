// The look of the narrow screens' "Open navigation" button, shared by the stand-in shown until the
// drawer's code is loaded and by the drawer's own trigger.
export const MOBILE_NAV_TRIGGER_CLASSES = "inline-flex size-8 items-center justify-center rounded-md text-foreground hover:bg-muted";
