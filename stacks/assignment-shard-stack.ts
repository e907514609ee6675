// Stack `identity-center-shard-NN`: the account assignments of the accounts that hash to this
// shard (src/layout), one block per account. Permission sets live in the base stack,
// groups come from Okta's push: both are found by lookups deferred per instance while new
// (deferred-lookups.ts), so a permission set or group created in the same change neither fails
// the PR plan nor replaces an existing assignment. The base stack applies first.
import type { Construct } from "constructs";
import type { ShardStackContent } from "../src/stack-contents/index.js";
import { assignmentsByAccount, forget, writeAssignmentBlocks, writeForgetAccounts, writeTakeoverImports } from "./assignment-blocks.js";
import { configureBackend } from "./backend.js";
import { groupLookups, LOOKUP, permissionSetLookups } from "./deferred-lookups.js";
import { StackImports } from "./imports.js";
import { Inventory } from "./inventory.js";
import { literal } from "./literal.js";
import { awsProvider } from "./providers.js";
import { RawTerraformStack } from "./raw-stack.js";

export class AssignmentShardStack extends RawTerraformStack {
  readonly inventory = new Inventory();

  constructor(scope: Construct, contents: ShardStackContent) {
    super(scope, contents.name);
    const imports = new StackImports(contents.imports);
    awsProvider(this, contents.region);
    configureBackend(this, contents.name, contents.state);

    if (contents.instance) {
      const { groups, permissionSets } = contents;
      const instanceArn = literal(contents.instance.instanceArn);
      groupLookups(this.raw, groups, literal(contents.instance.identityStoreId), this.inventory, imports);
      permissionSetLookups(this.raw, permissionSets, instanceArn, this.inventory, imports);
      const sources = { permissionSets: LOOKUP.permissionSets, groups: LOOKUP.groups };
      const maps = writeAssignmentBlocks(this.raw, assignmentsByAccount(contents.assignments), {
        instanceArn,
        sources,
        inventory: this.inventory,
        imports,
        movedFromLegacy: false,
      });
      // The markers of a takeover are imported with the rest (src/stack-contents).
      writeTakeoverImports(this.raw, maps, contents.moves.takeOver, instanceArn, sources, imports);
    }
    writeForgetAccounts(this.raw, contents.moves.forget);
    if (contents.draining) this.raw.removed.push(forget(LOOKUP.groupPush), forget(LOOKUP.permissionSetSeen));
    imports.writeTo(this);
  }
}
