// Okta prerequisites: the service app's token, Identity Engine, the AWS app and its SCIM pushes,
// and the factors of the people the privileged sign-on tier will hold to phishing resistance.
import { GetGroupIdCommand } from "@aws-sdk/client-identitystore";
import { errorText, fail, pass, type Check, type DoctorContext } from "./check.js";
import type { DoctorOkta } from "./okta-client.js";

/** Okta factor types that satisfy `possession.phishingResistant`: FIDO2/WebAuthn and Okta Verify FastPass. */
export const PHISHING_RESISTANT_FACTORS = ["webauthn", "signed_nonce"] as const;

function need(ctx: DoctorContext): DoctorOkta {
  if (!ctx.okta) throw new Error(ctx.oktaMissing ?? "no Okta credentials");
  return ctx.okta;
}

const oktaToken: Check = {
  id: "okta-token",
  code: 20,
  area: "okta",
  title: "the read-only Okta service app gets a token with its configured scopes",
  async run(ctx) {
    if (!ctx.okta) return fail(ctx.oktaMissing ?? "no Okta credentials", "set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY and OKTA_API_SCOPES (repository secrets; npm run setup:repo)");
    try {
      await ctx.okta.token();
    } catch (err) {
      return fail(
        `no token for scopes ${ctx.okta.scopes.join(" ")} at ${ctx.okta.orgUrl}: ${errorText(err)}`,
        "in Okta: the aws-access-plan app > Okta API Scopes: grant each of those scopes; check the client id, the key id and that the key is the app's (docs/setup.md step 2)",
      );
    }
    return pass(`token for ${ctx.okta.scopes.join(" ")} at ${ctx.okta.orgUrl}`);
  },
};

/** One manage scope per kind of object the apply app writes: any of them granted means the key can write. */
const WRITE_SCOPES = ["okta.groups.manage", "okta.apps.manage", "okta.policies.manage", "okta.users.manage"] as const;

const oktaReadOnly: Check = {
  id: "okta-read-only",
  code: 25,
  area: "okta",
  title: "the Okta key doctor holds (in doctor.yml, the repository-level one PR plans read) cannot write",
  needs: ["okta-token"],
  async run(ctx) {
    const okta = need(ctx);
    const configured = okta.scopes.filter((s) => s.endsWith(".manage"));
    const granted: string[] = [];
    for (const scope of WRITE_SCOPES) if (await okta.granted(scope)) granted.push(scope);
    if (configured.length || granted.length) {
      return fail(
        `this app ${granted.length ? `can get a token with ${granted.join(", ")}` : `is configured with ${configured.join(", ")}`}; as a repository secret any workflow on a same-repository branch could use it to change Okta`,
        "in Okta: the aws-access-plan app > Okta API Scopes: revoke every .manage scope; if this is the aws-access-apply app's key, it is stored at repository level: put the plan app's key there (npm run setup:repo -- --rotate-secrets) and rotate the apply app's key (docs/setup.md, rotation)",
      );
    }
    return pass(`no token for ${WRITE_SCOPES.join(", ")} (invalid_scope)`);
  },
};

const oktaIdentityEngine: Check = {
  id: "okta-oie",
  code: 21,
  area: "okta",
  title: "the Okta org runs Identity Engine (app sign-on policies need it)",
  async run(ctx) {
    const pipeline = await need(ctx).pipeline();
    if (pipeline !== "idx") {
      return fail(`the org runs ${pipeline === "v1" ? "Okta Classic Engine" : `pipeline "${pipeline}"`}`, "upgrade the org to Okta Identity Engine: the okta stack's app sign-on (authentication) policy is an OIE feature");
    }
    return pass("Okta Identity Engine");
  },
};

const oktaApp: Check = {
  id: "okta-app",
  code: 22,
  area: "okta",
  title: "the AWS IAM Identity Center app exists in Okta and is active",
  needs: ["okta-token"],
  async run(ctx) {
    const okta = need(ctx);
    const { id, label } = ctx.model.organization.okta.app;
    if (id) {
      const app = await okta.app(id);
      if (!app) return fail(`okta.app.id ${id} is no app in Okta`, "set organization.okta.app.id to the id in the app's Admin Console URL (/admin/app/amazon_aws_sso/instance/<id>), or remove it to let the okta stack create the app");
      if (app.status !== "ACTIVE") return fail(`app ${id} ("${app.label}") is ${app.status}`, "activate the app in Okta (Applications > the app > Activate)");
      return pass(`app ${id} ("${app.label}", ${app.name}) is active`);
    }
    const pushes = await okta.reader.pushedGroups(label);
    if (!pushes.readable && /no Okta app labelled/.test(pushes.reason)) {
      if (ctx.beforeFirstApply) return pass(`no app "${label}" yet: the first apply creates it`);
      return fail(pushes.reason, `set organization.okta.app.label to the app's label, or okta.app.id to adopt an existing app (docs/setup.md "Already on Okta")`);
    }
    return pass(`app "${label}" found`);
  },
};

const scimPush: Check = {
  id: "scim-push",
  code: 23,
  area: "okta",
  title: "SCIM provisioning works: every group the app pushes exists in the Identity Store",
  needs: ["okta-app", "identity-center"],
  async run(ctx) {
    const okta = need(ctx);
    const { label } = ctx.model.organization.okta.app;
    if (ctx.beforeFirstApply) return pass("checked after the first apply (no group is pushed before it)");
    const pushes = await okta.reader.pushedGroups(label);
    if (!pushes.readable) return fail(`cannot read the app's pushes: ${pushes.reason}`, "grant the read-only app okta.apps.read, and enable Provisioning on the app (docs/setup.md step 5)");
    if (pushes.groupIds.size === 0) return fail(`"${label}" pushes no group`, "enable Provisioning > To App and Push Groups (the okta stack creates the mappings at apply)");
    if (!ctx.aws) throw new Error(ctx.awsMissing ?? "no AWS credentials");
    const names = new Map((await okta.reader.groups()).map((g) => [g.id, g.name]));
    const storeId = ctx.model.organization.identityCenter.identityStoreId;
    const missing: string[] = [];
    for (const gid of pushes.groupIds) {
      const name = names.get(gid) ?? gid;
      try {
        await ctx.aws.identityStore.send(new GetGroupIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: name } } }));
      } catch (err) {
        if ((err as { name?: string }).name !== "ResourceNotFoundException") throw err;
        missing.push(name);
      }
    }
    if (missing.length) {
      return fail(
        `${missing.length} of ${pushes.groupIds.size} pushed groups are not in the Identity Store: ${missing.slice(0, 10).join(", ")}`,
        "Okta > the app > Provisioning: Test API Credentials; if the SCIM token expired, make a new one in Identity Center and paste it (docs/runbook.md \"The SCIM token expires\"), then Push Groups > Push now",
      );
    }
    return pass(`${pushes.groupIds.size} pushed group(s) all in identity store ${storeId}`);
  },
};

const privilegedFactors: Check = {
  id: "privileged-factors",
  code: 24,
  area: "okta",
  title: "members of privileged groups have a phishing-resistant factor (or they are locked out at the next apply)",
  needs: ["okta-token"],
  async run(ctx) {
    const okta = need(ctx);
    if (!ctx.model.organization.okta.signOn.privileged.phishingResistant) return pass("the privileged tier does not require phishing-resistant factors");
    const privileged = ctx.model.groups.filter((g) => g.privileged).map((g) => g.name);
    const inOkta = (await okta.reader.groups()).filter((g) => privileged.includes(g.name));
    const lacking = new Set<string>();
    let checked = 0;
    for (const group of inOkta) {
      for (const person of await okta.reader.members(group.id)) {
        if (person.status !== "ACTIVE") continue;
        checked++;
        let factors;
        try {
          factors = await okta.factors(person.id);
        } catch (err) {
          return fail(`cannot list factors: ${errorText(err)}`, "grant the read-only app the okta.users.read scope (it reads factor enrollments, nothing else)");
        }
        if (!factors.some((f) => f.status === "ACTIVE" && (PHISHING_RESISTANT_FACTORS as readonly string[]).includes(f.factorType))) lacking.add(person.login);
      }
    }
    if (lacking.size) {
      const list = [...lacking].sort();
      return fail(
        `${list.length} member(s) of privileged groups have no FIDO2/WebAuthn or Okta FastPass factor: ${list.slice(0, 10).join(", ")}${list.length > 10 ? ", ..." : ""}`,
        "have them enroll a security key, passkey or Okta Verify with FastPass before the apply: the privileged sign-on tier denies them AWS otherwise",
      );
    }
    const notYet = privileged.length - inOkta.length;
    return pass(`${checked} active member(s) of ${inOkta.length} privileged group(s) have a phishing-resistant factor${notYet ? `; ${notYet} group(s) not in Okta yet` : ""}`);
  },
};

export const OKTA_CHECKS: readonly Check[] = [oktaToken, oktaIdentityEngine, oktaApp, scimPush, privilegedFactors, oktaReadOnly];

