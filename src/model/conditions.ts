// IAM condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"):
// the fixed set, plus the ...IfExists suffix and the ForAllValues:/ForAnyValue: set qualifiers.
import { Suggester } from "./suggest.js";

export const CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;

const KNOWN = new Set<string>(CONDITION_OPERATORS);
let suggester: Suggester | undefined;

/** Why a Condition operator is not one IAM knows, or undefined. Operators are case-sensitive. */
export function checkConditionOperator(operator: string): string | undefined {
  const qualifier = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[0] ?? "";
  let base = operator.slice(qualifier.length);
  if (base.endsWith("IfExists") && base !== "IfExists") {
    base = base.slice(0, -"IfExists".length);
    if (base === "Null") return '"NullIfExists" is not a condition operator: Null already tests for absence';
  }
  if (KNOWN.has(base)) return undefined;
  suggester ??= new Suggester(CONDITION_OPERATORS);
  const close = suggester.suggest(base);
  const suggestion = close ? ` (did you mean "${qualifier}${close}${operator.endsWith("IfExists") && operator !== "IfExists" ? "IfExists" : ""}"?)` : "";
  return `"${operator}" is not an IAM condition operator${suggestion}; see the IAM condition operators (StringEquals, StringLike, ArnLike, Bool, ...)`;
}
