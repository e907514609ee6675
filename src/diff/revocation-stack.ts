// What the revocation stack (stacks/revocation-stack.ts) is built from, as one comparable string:
// the leavers settings and what the revoker's environment carries from the rest of the model.
import type { ResolvedModel } from "../model/types.js";
import { longestSessionSeconds, managementAccountPermissionSets } from "../revocation/model-facts.js";

import { REVOCATION_STACK } from "../layout/index.js";

export { REVOCATION_STACK };

export function revocationContent(m: ResolvedModel): string {
  const l = m.organization.leavers;
  if (!l) return "null";
  const ic = m.organization.identityCenter;
  return JSON.stringify([l, ic.region, ic.identityStoreId, m.organization.okta.usersGroup, m.organization.managementAccount, longestSessionSeconds(m), managementAccountPermissionSets(m)]);
}
