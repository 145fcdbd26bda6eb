// react-hook-form's zod resolver, for every form: importing it from here sets zod up for the
// browser's Content-Security-Policy first (lib/forms/zod-in-browser.ts).
import "./zod-in-browser";
import { zodResolver } from "@hookform/resolvers/zod";

export { zodResolver };
