// AWS JSON 1.1 error values: thrown by handlers, written by the server as `{ __type, message }`.

export type AwsErrorCode =
  | "ThrottlingException"
  | "ResourceNotFoundException"
  | "ConflictException"
  | "ValidationException"
  | "AccessDeniedException"
  | "ServiceQuotaExceededException"
  | "UnknownOperationException"
  | "SerializationException"
  // AWS Organizations
  | "AWSOrganizationsNotInUseException"
  | "ParentNotFoundException"
  | "AccountNotFoundException"
  | "TargetNotFoundException"
  | "ChildNotFoundException"
  | "OrganizationalUnitNotFoundException"
  | "DuplicateOrganizationalUnitException"
  | "CreateAccountStatusNotFoundException"
  | "SourceParentNotFoundException"
  | "ConstraintViolationException"
  | "AccountAlreadyClosedException"
  // AWS Organizations policies
  | "PolicyNotFoundException"
  | "DuplicatePolicyException"
  | "PolicyInUseException"
  | "DuplicatePolicyAttachmentException"
  | "PolicyNotAttachedException"
  | "MalformedPolicyDocumentException";

export class AwsError extends Error {
  constructor(
    readonly code: AwsErrorCode,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, extra: Record<string, unknown> = {}) => new AwsError("ResourceNotFoundException", `${what} not found`, 400, extra);
export const conflict = (message: string) => new AwsError("ConflictException", message);
export const invalid = (message: string) => new AwsError("ValidationException", message);
export const throttled = (message = "Rate exceeded") => new AwsError("ThrottlingException", message);
