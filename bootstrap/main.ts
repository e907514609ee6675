// `npm run synth:bootstrap`: reads bootstrap/bootstrap.yaml (or $BOOTSTRAP_CONFIG) and writes the
// bootstrap stack to bootstrap/cdktf.out/stacks/bootstrap. Then, with admin credentials in the
// Identity Center account: cd there, `terraform init && terraform apply` (docs/setup.md step 1).
import { App } from "cdktf";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BootstrapConfigError, loadBootstrapConfig } from "./config.js";
import { BOOTSTRAP_STACK, BootstrapStack } from "./stack.js";

const here = dirname(fileURLToPath(import.meta.url));

export function synthBootstrap(configFile: string, outdir: string): string {
  const app = new App({ outdir, skipValidation: false });
  new BootstrapStack(app, BOOTSTRAP_STACK, { config: loadBootstrapConfig(configFile) });
  app.synth();
  return join(outdir, "stacks", BOOTSTRAP_STACK);
}

function main(): number {
  const configFile = resolve(process.env.BOOTSTRAP_CONFIG ?? join(here, "bootstrap.yaml"));
  try {
    const dir = synthBootstrap(configFile, join(here, "cdktf.out"));
    process.stdout.write(`bootstrap stack written to ${dir}\nnext: cd ${dir} && terraform init && terraform apply\n`);
    return 0;
  } catch (err) {
    if (err instanceof BootstrapConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
