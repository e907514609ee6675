// `npm run synth:identity-center-keep -- BASE_MODEL_DIR`: writes the base identity-center stack of
// the keep phase to cdktf.out.keep/stacks/identity-center (same stack name, so the same state as
// the final base stack). It is the head model plus, as they are live, the permission sets the head
// removes while assignment shards may still assign them: apply it before the shards, and the final
// base stack (cdktf.out/stacks/identity-center) after them, which deletes those permission sets.
// With one stack, or when nothing is removed, it is byte-identical to the final base stack and
// the apply workflow skips the second base phase. See src/model/phases.ts.
import { App } from "cdktf";
import { loadPhaseModels } from "./src/cli/phase-models.js";
import { keepRemovedPermissionSets, permissionSetsRemovedLast } from "./src/model/phases.js";
import { IdentityCenterStack } from "./stacks/identity-center-stack.js";
import { layoutMigration } from "./stacks/layout-migration.js";
import { installLockFiles } from "./stacks/lock-files.js";

export const KEEP_OUTDIR = "cdktf.out.keep";

function main(argv: string[]): number {
  const models = loadPhaseModels("synth:identity-center-keep", argv);
  if (typeof models === "number") return models;
  const { base, head } = models;
  const keep = keepRemovedPermissionSets(base, head);
  const app = new App({ outdir: KEEP_OUTDIR, skipValidation: true });
  new IdentityCenterStack(app, keep, layoutMigration(keep));
  app.synth();
  installLockFiles(KEEP_OUTDIR);
  const held = permissionSetsRemovedLast(base, head).map((p) => p.name);
  process.stdout.write(
    `identity-center (keep phase): ${KEEP_OUTDIR}/stacks/identity-center/cdk.tf.json; ${held.length > 0 ? `deleted only after the shards: ${held.join(", ")}` : "nothing held back (same as the final base stack)"}\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
