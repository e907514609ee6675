// A change to code is a high risk in the access diff: the diff judges what the model grants, not
// what the code that turns the model into Terraform (or runs the pipeline) does. Everything
// outside the model and the documentation counts, so the privileged-access team sees it too.
import { isCodePath } from "./stacks.js";
import type { Risk } from "./types.js";

/** Paths that are data or prose: the model, docs, Markdown anywhere, the tests and benches. */
const NOT_CODE = [/^access-model\//, /^docs\//, /\.md$/, /^tests\//, /^bench\//];

/** True for a repository path whose change can change what the pipeline does. */
export function isReviewCodePath(path: string): boolean {
  const p = path.trim().replace(/^\.\//, "");
  if (p === "") return false;
  return isCodePath(p) || !NOT_CODE.some((re) => re.test(p));
}

export function codeChangeRisks(changedFiles: readonly string[] | undefined): Risk[] {
  const code = [...new Set((changedFiles ?? []).filter(isReviewCodePath))].sort();
  if (code.length === 0) return [];
  const shown = code.slice(0, 5).join(", ") + (code.length > 5 ? ` and ${code.length - 5} more` : "");
  return [
    {
      level: "high",
      code: "code-changed",
      message: `This change edits code the pipeline runs (${shown}): the access diff cannot judge what code does, so the privileged-access team reviews it.`,
    },
  ];
}
