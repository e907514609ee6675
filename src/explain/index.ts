export { explainPlans, restrictTo, type ChangeExplanation, type Explanation, type ExplainedChange, type ReasonCode, type UnexplainedChange } from "./explain.js";
export { PlanInputError, planLabel, readPlanArgs } from "./inputs.js";
export { ACK_LABEL, changeLine, explanationMarkdown, revocationMarkdown, unexplainedBlock } from "./render.js";
export { checkRevocations, type MaxRevocationLimits, type RevocationCheck } from "./threshold.js";
