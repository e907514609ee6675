// Stack `identity-center-shard-NN`: the account assignments of the accounts that hash to this
// shard (src/layout), one block per account. Permission sets live in the base stack,
// groups come from Okta's push: both are found by lookups deferred per instance while new
// (deferred-lookups.ts), so a permission set or group created in the same change neither fails
// the PR plan nor replaces an existing assignment. The base stack applies first.
import type { Construct } from "constructs";
import type { Assignment, ResolvedModel } from "../src/model/types.js";
import { assignmentsByAccount, writeAssignmentBlocks, writeForgetAccounts, writeTakeoverImports } from "./assignment-blocks.js";
import { configureBackend } from "./backend.js";
import { forget } from "./assignment-blocks.js";
import { groupLookups, LOOKUP, permissionSetLookups } from "./deferred-lookups.js";
import { instanceAddress, StackImports } from "./imports.js";
import { Inventory } from "./inventory.js";
import type { StackMoves } from "./layout-migration.js";
import { literal } from "./literal.js";
import { awsProvider } from "./providers.js";
import { RawTerraformStack } from "./raw-stack.js";
import { cmp } from "../src/model/order.js";

export interface ShardContents {
  /** This shard's assignments; empty for a draining stack of the previous layout. */
  assignments: readonly Assignment[];
  moves?: StackMoves;
  /** A stack of the previous layout that the new one no longer has: it only forgets. */
  draining?: boolean;
}

const unique = (names: readonly string[]) => [...new Set(names)].sort(cmp);

export class AssignmentShardStack extends RawTerraformStack {
  readonly inventory = new Inventory();

  constructor(scope: Construct, name: string, model: ResolvedModel, contents: ShardContents) {
    super(scope, name);
    const imports = new StackImports(model.imports);
    const org = model.organization;
    const ic = org.identityCenter;
    const instanceArn = literal(ic.instanceArn);
    awsProvider(this, ic);
    configureBackend(this, name, org.state);

    if (contents.assignments.length > 0) {
      const groups = unique(contents.assignments.map((a) => a.group));
      const permissionSets = unique(contents.assignments.map((a) => a.permissionSet));
      groupLookups(this.raw, groups, literal(ic.identityStoreId), this.inventory, imports);
      permissionSetLookups(this.raw, permissionSets, instanceArn, this.inventory, imports);
      const sources = { permissionSets: LOOKUP.permissionSets, groups: LOOKUP.groups };
      const maps = writeAssignmentBlocks(this.raw, assignmentsByAccount(contents.assignments), {
        instanceArn,
        sources,
        inventory: this.inventory,
        imports,
        movedFromLegacy: false,
      });
      const takeOver = contents.moves?.takeOver ?? [];
      if (takeOver.length > 0) {
        // Markers new to this state would defer the lookups and leave the import ids unknown:
        // import them (a marker already in state makes its import block a no-op).
        for (const g of groups) imports.add(instanceAddress(LOOKUP.groupPush, g), g);
        for (const p of permissionSets) imports.add(instanceAddress(LOOKUP.permissionSetSeen, p), p);
        writeTakeoverImports(this.raw, maps, takeOver, instanceArn, sources, imports);
      }
    }
    writeForgetAccounts(this.raw, contents.moves?.forget ?? []);
    if (contents.draining) this.raw.removed.push(forget(LOOKUP.groupPush), forget(LOOKUP.permissionSetSeen));
    imports.writeTo(this);
  }
}
