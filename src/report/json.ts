// The report as JSON: the views exactly as computed (docs in README, "access report").
import type { AccessReport } from "./views.js";

export function renderJson(report: AccessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
