// The audit as text (for a person), markdown (for the drift issue) or JSON.
import type { AuditResult, UnmanagedAssignment, UnmanagedKind } from "./compare.js";

const KIND_TEXT: Record<UnmanagedKind, string> = {
  user: "assigned to a user",
  "unmanaged-permission-set": "permission set not in the model",
  "unknown-group": "group not in the model",
  extra: "not granted by the model",
};

function principal(a: UnmanagedAssignment): string {
  return a.principalName !== undefined ? `${a.principalType === "USER" ? "user" : "group"} ${a.principalName}` : `${a.principalType} ${a.principalId} (unknown to the Identity Store)`;
}

function account(a: UnmanagedAssignment): string {
  return a.accountName ? `${a.accountName} (${a.accountId})` : `${a.accountId} (not in the model)`;
}

function summaryLine(r: AuditResult): string {
  return (
    `${r.instanceArn}: read ${r.live.assignments} assignments of ${r.live.permissionSets} permission sets in ${r.live.accounts} accounts ` +
    `with ${r.calls.total} API calls (${Object.entries(r.calls.byOperation).map(([op, n]) => `${op} ${n}`).join(", ")}).`
  );
}

const STALE_TEXT = "not on its permission set's latest version (the role there has the old policies; `access provisioning` provisions it again)";

function staleAccount(s: AuditResult["staleProvisioning"][number]): string {
  return s.accountName ? `${s.accountName} (${s.accountId})` : s.accountId;
}

export function renderAuditText(r: AuditResult): string {
  const out = [summaryLine(r), ""];
  if (r.staleProvisioning.length) {
    out.push(`Accounts behind their permission set (${r.staleProvisioning.length}):`);
    for (const s of r.staleProvisioning) out.push(`  - ${s.permissionSet} in ${staleAccount(s)}: ${STALE_TEXT}`);
    out.push("");
  }
  if (r.unmanaged.length === 0 && r.unmanagedPermissionSets.length === 0) {
    out.push("Nothing outside the model: every assignment and permission set is managed by it.");
    return out.join("\n") + "\n";
  }
  out.push(`Assignments outside the model (${r.unmanaged.length}):`);
  for (const a of r.unmanaged) {
    out.push(`  ${a.revocable ? "*" : "-"} ${principal(a)} has ${a.permissionSet} in ${account(a)}: ${KIND_TEXT[a.kind]}`);
  }
  if (r.unmanaged.length === 0) out.push("  none");
  out.push("", `Permission sets not in the model (${r.unmanagedPermissionSets.length}):`);
  for (const p of r.unmanagedPermissionSets) out.push(`  - ${p.name} (${p.arn}), provisioned to ${p.accounts} account${p.accounts === 1 ? "" : "s"}`);
  if (r.unmanagedPermissionSets.length === 0) out.push("  none");
  const revocable = r.unmanaged.filter((a) => a.revocable).length;
  out.push(
    "",
    `* marks what \`access audit --revoke\` deletes (with the apply role): a managed permission set assigned to a managed group ` +
      `where the model does not grant it (${revocable}). The rest is only reported. Add what should stay to the model by pull request.`,
  );
  return out.join("\n") + "\n";
}

export function renderAuditMarkdown(r: AuditResult): string {
  const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
  const out = [summaryLine(r), ""];
  if (r.staleProvisioning.length) {
    out.push(`#### Accounts behind their permission set (${r.staleProvisioning.length})`, "");
    for (const s of r.staleProvisioning) out.push(`- ${esc(s.permissionSet)} in ${esc(staleAccount(s))}: ${esc(STALE_TEXT)}`);
    out.push("");
  }
  if (r.unmanaged.length === 0 && r.unmanagedPermissionSets.length === 0) {
    out.push("Nothing outside the model.");
    return out.join("\n") + "\n";
  }
  out.push(`#### Assignments outside the model (${r.unmanaged.length})`, "");
  if (r.unmanaged.length) {
    out.push("| Principal | Permission set | Account | Why | Revocable |", "|---|---|---|---|---|");
    for (const a of r.unmanaged) out.push(`| ${esc(principal(a))} | ${esc(a.permissionSet)} | ${esc(account(a))} | ${KIND_TEXT[a.kind]} | ${a.revocable ? "yes" : "no"} |`);
  } else out.push("None.");
  out.push("", `#### Permission sets not in the model (${r.unmanagedPermissionSets.length})`, "");
  for (const p of r.unmanagedPermissionSets) out.push(`- ${esc(p.name)}: provisioned to ${p.accounts} account${p.accounts === 1 ? "" : "s"}`);
  if (r.unmanagedPermissionSets.length === 0) out.push("None.");
  return out.join("\n") + "\n";
}

export function renderAuditJson(r: AuditResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
