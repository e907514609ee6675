// The okta/okta provider's documented arguments for every resource the okta stack uses: there is
// no Okta provider binary here, so the synthesized JSON is checked against this table instead.
// Source: github.com/okta/terraform-provider-okta at v6.12.0 (commit e59c130b0b6e4b9f76aacbba437515cd5e95cc71,
// the newest snapshot available offline), the "Required" and "Optional" lists of each page's
// Schema section. Read-only attributes are left out: they cannot be set.

export interface DocumentedSchema {
  doc: string;
  required: string[];
  optional: string[];
  /** Nested blocks we set, with their own arguments. */
  blocks?: Record<string, { required: string[]; optional: string[] }>;
}

export const OKTA_DOCS_COMMIT = "e59c130b0b6e4b9f76aacbba437515cd5e95cc71";

/** The provider release those docs belong to: the okta stack pins exactly this version. */
export const OKTA_SCHEMA_VERSION = "6.12.0";

export const OKTA_SCHEMA: Record<string, DocumentedSchema> = {
  "okta_app_saml": {
    doc: "docs/resources/app_saml.md",
    required: ["label"],
    optional: ["accessibility_error_redirect_url", "accessibility_login_redirect_url", "accessibility_self_service", "acs_endpoints", "admin_note", "app_links_json", "app_settings_json", "assertion_signed", "attribute_statements", "audience", "authentication_policy", "authn_context_class_ref", "auto_submit_toolbar", "default_relay_state", "destination", "digest_algorithm", "enduser_note", "hide_ios", "hide_web", "honor_force_authn", "idp_issuer", "implicit_assignment", "inline_hook_id", "key_name", "key_years_valid", "logo", "preconfigured_app", "recipient", "request_compressed", "response_signed", "saml_signed_request_enabled", "saml_version", "signature_algorithm", "single_logout_certificate", "single_logout_issuer", "single_logout_url", "sp_issuer", "sso_url", "status", "subject_name_id_format", "subject_name_id_template", "timeouts", "user_name_template", "user_name_template_push_status", "user_name_template_suffix", "user_name_template_type", "acs_endpoints_indices"],
  },
  "okta_app_group_assignments": {
    doc: "docs/resources/app_group_assignments.md",
    required: ["app_id"],
    optional: ["group", "timeouts"],
    blocks: { group: { required: ["id"], optional: ["priority", "profile"] } },
  },
  "okta_app_signon_policy": {
    doc: "docs/resources/app_signon_policy.md",
    required: ["description", "name"],
    optional: ["catch_all", "priority"],
  },
  "okta_app_signon_policy_rule": {
    doc: "docs/resources/app_signon_policy_rule.md",
    required: ["name", "policy_id"],
    optional: ["access", "constraints", "custom_expression", "device_assurances_included", "device_is_managed", "device_is_registered", "factor_mode", "groups_excluded", "groups_included", "inactivity_period", "keep_me_signed_in", "network_connection", "network_excludes", "network_includes", "platform_include", "priority", "re_authentication_frequency", "risk_score", "status", "type", "user_types_excluded", "user_types_included", "users_excluded", "users_included", "chains"],
  },
  "okta_group": {
    doc: "docs/resources/group.md",
    required: ["name"],
    optional: ["custom_profile_attributes", "description", "skip_users"],
  },
  "okta_group_rule": {
    doc: "docs/resources/group_rule.md",
    required: ["expression_value", "group_assignments", "name"],
    optional: ["expression_type", "remove_assigned_users", "status", "users_excluded"],
  },
  "okta_log_stream": {
    doc: "docs/resources/log_stream.md",
    required: ["name", "type"],
    optional: ["settings", "status"],
    blocks: { settings: { required: [], optional: ["account_id", "edition", "event_source_name", "host", "region", "token"] } },
  },
  "okta_push_group": {
    doc: "docs/resources/push_group.md",
    required: ["app_id", "source_group_id"],
    optional: ["app_config", "delete_target_group_on_destroy", "status", "target_group_id", "target_group_name"],
  },
  "data.okta_group": {
    doc: "docs/data-sources/group.md",
    required: [],
    optional: ["delay_read_seconds", "id", "include_users", "name", "type"],
  },
  provider: {
    doc: "docs/index.md",
    required: [],
    optional: [
      "org_name", "base_url", "http_proxy", "access_token", "api_token", "client_id", "scopes", "private_key",
      "private_key_id", "backoff", "min_wait_seconds", "max_wait_seconds", "max_retries", "request_timeout", "max_api_capacity",
    ],
  },
};
