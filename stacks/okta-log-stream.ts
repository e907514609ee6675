// The Okta side of the leaver event path (organization.leavers): a log stream of type
// aws_eventbridge that puts every System Log event on the partner event source the revocation
// stack's event bus reads (aws.partner/okta.com/<org_name>/<event_source_name>).
import type { TerraformStack } from "cdktf";
import { LogStream } from "@cdktf/provider-okta/lib/log-stream/index.js";
import type { OktaStackContent } from "../src/stack-contents/index.js";
import type { Inventory } from "./inventory.js";
import { literal } from "./literal.js";

export function addLeaverLogStream(stack: TerraformStack, stream: NonNullable<OktaStackContent["logStream"]>, inventory: Inventory): void {
  new LogStream(stack, "leavers_log_stream", {
    name: literal(`AWS access revoker (${stream.eventSourceName})`),
    type: "aws_eventbridge",
    status: "ACTIVE",
    settings: { accountId: stream.accountId, region: literal(stream.region), eventSourceName: literal(stream.eventSourceName) },
  }).overrideLogicalId("leavers_log_stream");
  inventory.add(LogStream.tfResourceType, 1);
}
