// Model folder -> resolved model -> synthesized identity-center stack, through the product's own
// loader and stacks (the same path `npm run synth` takes).
import { join } from "node:path";
import { formatFindings, loadModel } from "../../../src/model/index.js";
import type { ResolvedModel } from "../../../src/model/types.js";
import { synthesize } from "../../../stacks/app.js";
import { scratchDir } from "./scratch.js";

export interface Synthesized {
  model: ResolvedModel;
  stackDir: string;
}

export function synthModel(modelDir: string): Synthesized {
  const { model, findings } = loadModel(modelDir);
  if (!model) throw new Error(`model at ${modelDir} is invalid:\n${formatFindings(findings, "text")}`);
  return synthResolved(model);
}

export function synthResolved(model: ResolvedModel): Synthesized {
  const outdir = scratchDir("synth");
  synthesize(model, outdir);
  return { model, stackDir: join(outdir, "stacks", "identity-center") };
}
