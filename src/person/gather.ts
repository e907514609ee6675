// Everything known about one person's access: Okta status and groups, the model's triples for
// those groups, the Identity Store user and memberships, and live assignments. Reads only.
import type { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import type { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import type { ResolvedModel } from "../model/types.js";
import type { OktaPersonReader, OktaUser } from "../okta/person.js";
import { findStoreUser, storeGroupsOf, type StoreGroup, type StoreUser } from "../revocation/identity-store-user.js";
import { liveGrants, type LiveGrant } from "./live.js";
import { modelReach, type ModelReach } from "./reach.js";

export interface PersonFacts {
  okta: OktaUser;
  oktaGroups: string[];
  reach: ModelReach;
  store?: StoreUser;
  storeGroups: StoreGroup[];
  live: LiveGrant[];
}

export interface PersonSources {
  model: ResolvedModel;
  okta: OktaPersonReader;
  identityStore: IdentitystoreClient;
  ssoAdmin: SSOAdminClient;
}

/** Okta is read first: an unknown login or an Okta outage fails before AWS is asked anything. */
export async function gatherPerson(src: PersonSources, login: string): Promise<PersonFacts> {
  const okta = await src.okta.user(login);
  const oktaGroups = await src.okta.groups(okta.id);
  const reach = modelReach(src.model, oktaGroups);
  const { identityStoreId, instanceArn } = src.model.organization.identityCenter;
  const store = await findStoreUser(src.identityStore, identityStoreId, okta.login);
  const storeGroups = store ? await storeGroupsOf(src.identityStore, identityStoreId, store.userId) : [];
  const principals = store
    ? [{ type: "USER" as const, id: store.userId, label: "user" }, ...storeGroups.map((g) => ({ type: "GROUP" as const, id: g.id, label: g.name }))]
    : [];
  const live = await liveGrants(src.ssoAdmin, instanceArn, principals);
  return { okta, oktaGroups, reach, ...(store ? { store } : {}), storeGroups, live };
}
