// A small model for the report tests: one privileged grant, one grant expiring soon, one later,
// a group marked privileged, and text that must be escaped in every format.
import { baseFiles, load } from "../model/fixtures.js";

export const TODAY = "2026-11-28";

export function reportModel() {
  const files = baseFiles({
    "groups.yaml":
      "groups:\n  - name: bi-analysts\n    source: managed\n    description: '<img src=x onerror=alert(1)> & \"quotes\"'\n" +
      "  - name: platform-admin\n    source: managed\n  - name: auditors\n    source: existing\n    privileged: true\n  - name: idle\n    source: managed\n",
    "assignments/data.yaml":
      "assignments:\n  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: [data-platform, reporting]\n" +
      "  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: [production]\n    expires: 2026-12-15\n",
    "assignments/platform.yaml":
      "assignments:\n  - group: platform-admin\n    permission_set: PlatformAdmin\n    accounts: [production]\n    expires: 2027-06-30\n" +
      "  - group: auditors\n    permission_set: BIReadOnly\n    accounts: [production]\n",
  });
  const result = load(files, TODAY);
  if (!result.model) throw new Error(JSON.stringify(result.findings));
  return { dir: result.dir, model: result.model };
}
