// Input checks with the service's limits and patterns (SSO Admin and Identity Store API
// references). Each throws the ValidationException the service would answer.
import { invalid } from "./errors.js";

type Input = Record<string, unknown>;

export function str(input: Input, field: string, opts: { optional?: false; min?: number; max?: number; pattern?: RegExp }): string;
export function str(input: Input, field: string, opts: { optional: true; min?: number; max?: number; pattern?: RegExp }): string | undefined;
export function str(input: Input, field: string, opts: { optional?: boolean; min?: number; max?: number; pattern?: RegExp }): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    if (opts.optional) return undefined;
    throw invalid(`1 validation error detected: Value null at '${lower(field)}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== "string") throw invalid(`Value at '${lower(field)}' must be a string`);
  const min = opts.min ?? 0;
  const max = opts.max ?? Infinity;
  if (value.length < min || value.length > max) {
    throw invalid(`1 validation error detected: Value at '${lower(field)}' failed to satisfy constraint: Member must have length between ${min} and ${max}`);
  }
  if (opts.pattern && !opts.pattern.test(value)) {
    throw invalid(`1 validation error detected: Value '${value}' at '${lower(field)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${opts.pattern.source}`);
  }
  return value;
}

const lower = (field: string) => field.charAt(0).toLowerCase() + field.slice(1);

const PARTITION = "(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b)";
export const INSTANCE_ARN = new RegExp(`^arn:${PARTITION}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`);
export const PERMISSION_SET_ARN = new RegExp(`^arn:${PARTITION}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}$`);
export const PERMISSION_SET_NAME = /^[\w+=,.@-]+$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const PRINCIPAL_ID = /^([0-9a-f]{10}-|)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
export const MANAGED_POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::aws:policy/[\\w+=,.@/-]+$`);
export const POLICY_NAME = /^[\w+=,.@-]+$/;
export const POLICY_PATH = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/;
export const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}\b-[0-9a-f]{4}\b-[0-9a-f]{4}\b-[0-9a-f]{4}\b-[0-9a-f]{12}$/;

/** ISO-8601 duration limited to the service's PT1H..PT12H. */
export function sessionDuration(input: Input): string | undefined {
  const value = str(input, "SessionDuration", { optional: true, min: 1, max: 100 });
  if (value === undefined) return undefined;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  const seconds = m && (m[1] || m[2] || m[3]) ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
  if (!(seconds >= 3600 && seconds <= 43200)) {
    throw invalid(`Session duration ${value} is not valid: it must be an ISO-8601 duration between PT1H and PT12H`);
  }
  return value;
}

export function policyRef(value: unknown, field: string): { Name: string; Path: string } {
  if (!value || typeof value !== "object") throw invalid(`1 validation error detected: Value null at '${lower(field)}' failed to satisfy constraint: Member must not be null`);
  const ref = value as Input;
  const Name = str(ref, "Name", { min: 1, max: 128, pattern: POLICY_NAME });
  const Path = str(ref, "Path", { optional: true, min: 1, max: 512, pattern: POLICY_PATH }) ?? "/";
  return { Name, Path };
}
