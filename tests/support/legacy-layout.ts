// The identity-center stack as synthesized before assignments were split per account: one
// `aws_ssoadmin_account_assignment.assignment` block holding every assignment. Rebuilt from
// today's output, for tests that start from a state written by that layout and for the bench.
type Json = Record<string, any>;

export function toLegacyLayout(stack: Json): Json {
  const blocks: Json = stack.resource?.aws_ssoadmin_account_assignment ?? {};
  const forEach: Json = {};
  let template: Json | undefined;
  for (const [name, block] of Object.entries<Json>(blocks)) {
    const account = name.replace(/^assignment_/, "");
    for (const [k, v] of Object.entries<Json>(block.for_each)) forEach[k] = { ...v, account_id: account };
    template = block;
  }
  if (!template) return stack;
  const { moved: _moved, ...rest } = stack;
  return {
    ...rest,
    resource: {
      ...stack.resource,
      aws_ssoadmin_account_assignment: { assignment: { ...template, for_each: forEach, target_id: "${each.value.account_id}" } },
    },
  };
}
