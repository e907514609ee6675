// The Okta side of the leaver event path (organization.leavers): a log stream of type
// aws_eventbridge that puts every System Log event on the partner event source the revocation
// stack's event bus reads (aws.partner/okta.com/<org_name>/<event_source_name>).
import type { TerraformStack } from "cdktf";
import { LogStream } from "@cdktf/provider-okta/lib/log-stream/index.js";
import type { ResolvedModel } from "../src/model/types.js";
import type { Inventory } from "./inventory.js";
import { literal } from "./literal.js";

export function addLeaverLogStream(stack: TerraformStack, model: ResolvedModel, inventory: Inventory): void {
  const leavers = model.organization.leavers;
  if (!leavers) return;
  new LogStream(stack, "leavers_log_stream", {
    name: literal(`AWS access revoker (${leavers.eventSourceName})`),
    type: "aws_eventbridge",
    status: "ACTIVE",
    settings: { accountId: model.organization.managementAccount, region: literal(leavers.region), eventSourceName: literal(leavers.eventSourceName) },
  }).overrideLogicalId("leavers_log_stream");
  inventory.add(LogStream.tfResourceType, 1);
}
