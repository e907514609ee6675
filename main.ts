// The CDKTF app entry point (cdktf.json) and `npm run synth`: `access synth` with the same
// arguments (src/cli/commands/synth.ts) writes every stack, every phase and rollout.json to
// cdktf.out. The model folder is $ACCESS_MODEL_DIR or ./access-model; $ACCESS_TODAY (YYYY-MM-DD)
// fixes "today" for expiry (tests).
import { command } from "./src/cli/commands/synth.js";

process.exitCode = await command.run(process.argv.slice(2));
