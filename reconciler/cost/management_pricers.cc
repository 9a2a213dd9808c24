// KMS, Secrets Manager, SSM, Config, CloudFormation, ACM, Directory Service, WAF, Glue, MQ and
// CloudHSM.

#include <cmath>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

std::optional<double> Scaled(std::optional<double> v, double divisor) {
  return v ? std::optional<double>(*v / divisor) : std::nullopt;
}

void PriceKmsKey(PriceContext& ctx) {
  ctx.Add("Customer master key", "months", 1, "kms.key");
  const std::string spec = ctx.Str("customer_master_key_spec").value_or("SYMMETRIC_DEFAULT");
  auto requests = Scaled(ctx.UsageNum("monthly_requests"), 1e4);
  if (spec == "SYMMETRIC_DEFAULT") {
    ctx.Add("Requests", "10k requests", requests, "kms.requests");
    ctx.Add("ECC GenerateDataKeyPair requests", "10k requests", Scaled(ctx.UsageNum("monthly_ecc_requests"), 1e4),
            "kms.requests_ecc_generate_data_key_pair");
    ctx.Add("RSA GenerateDataKeyPair requests", "10k requests", Scaled(ctx.UsageNum("monthly_rsa_requests"), 1e4),
            "kms.requests_rsa_generate_data_key_pair");
  } else if (spec == "RSA_2048") {
    ctx.Add("Requests (RSA 2048)", "10k requests", requests, "kms.requests_rsa_2048");
  } else if (spec.rfind("HMAC", 0) == 0) {
    ctx.Add("Requests (HMAC)", "10k requests", requests, "kms.requests");
  } else {
    ctx.Add("Requests (asymmetric)", "10k requests", requests, "kms.requests_asymmetric");
  }
}

void PriceKmsExternalKey(PriceContext& ctx) { ctx.Add("Customer master key", "months", 1, "kms.key"); }

void PriceSecret(PriceContext& ctx) {
  ctx.Add("Secret", "months", 1, "secretsmanager.secret");
  ctx.Add("API requests", "10k requests", Scaled(ctx.UsageNum("monthly_requests"), 1e4), "secretsmanager.api");
}

void PriceSsmParameter(PriceContext& ctx) {
  if (ctx.Str("tier").value_or("Standard") != "Advanced") return;  // standard parameters are free
  ctx.Add("Parameter storage (advanced)", "hours", ctx.UsageNum("parameter_storage_hrs").value_or(kHoursPerMonth),
          "ssm.advanced_parameter_hour");
  if (Lower(ctx.UsageStr("api_throughput_limit").value_or("advanced")) != "standard") {
    ctx.Add("API interactions (advanced)", "10k interactions", Scaled(ctx.UsageNum("monthly_api_interactions"), 1e4),
            "ssm.api_interactions");
  }
}

void PriceConfigRecorder(PriceContext& ctx) {
  ctx.Add("Config items", "records", ctx.UsageNum("monthly_config_items"), "config.items");
  ctx.Add("Custom config items", "records", ctx.UsageNum("monthly_custom_config_items"), "config.custom_items");
}

void PriceConfigRule(PriceContext& ctx) {
  ctx.AddTiered("evaluations", ctx.UsageNum("monthly_rule_evaluations"),
                {{"Rule evaluations (first 100K)", 1e5, "config.rule_evaluations"},
                 {"Rule evaluations (next 400K)", 5e5, "config.rule_evaluations_next_400k"},
                 {"Rule evaluations (over 500K)", std::nullopt, "config.rule_evaluations_over_500k"}});
}

void PriceCloudFormationStack(PriceContext& ctx) {
  // Stacks of AWS::, Alexa:: and Custom:: resources only have no handler operations to bill.
  if (auto body = ctx.Str("template_body")) {
    bool third_party = false;
    size_t pos = 0;
    while ((pos = body->find("\"Type\"", pos)) != std::string::npos) {
      size_t q1 = body->find('"', body->find(':', pos) + 1);
      size_t q2 = q1 == std::string::npos ? q1 : body->find('"', q1 + 1);
      if (q2 == std::string::npos) break;
      std::string t = body->substr(q1 + 1, q2 - q1 - 1);
      if (t.find("::") != std::string::npos && t.rfind("AWS::", 0) != 0 && t.rfind("Alexa::", 0) != 0 &&
          t.rfind("Custom::", 0) != 0) {
        third_party = true;
      }
      pos = q2;
    }
    if (!third_party) return;
  }
  auto ops = ctx.UsageNum("monthly_handler_operations");
  auto secs = ctx.UsageNum("monthly_duration_secs");
  ctx.Add("Handler operations", "operations", ops, "cloudformation.handler_operations");
  if (!secs || *secs > 0) ctx.Add("Durations above 30s", "seconds", secs, "cloudformation.durations");
}

void PriceAcmCertificate(PriceContext& ctx) {
  if (!ctx.attrs().contains("certificate_authority_arn") || ctx.attrs()["certificate_authority_arn"].is_null()) return;
  ctx.Add("Certificate", "requests", 1, "acmpca.certificate_tier1");
}

void PriceAcmPca(PriceContext& ctx) {
  const bool short_lived = ctx.Str("usage_mode").value_or("GENERAL_PURPOSE") == "SHORT_LIVED_CERTIFICATE";
  if (short_lived) {
    ctx.Add("Private certificate authority (short-lived certificate mode)", "months", 1, "acmpca.authority_short_lived");
    ctx.Add("Certificates (short-lived)", "requests", ctx.UsageNum("monthly_requests"), "acmpca.certificate_short_lived");
    return;
  }
  ctx.Add("Private certificate authority", "months", 1, "acmpca.authority");
  ctx.AddTiered("requests", ctx.UsageNum("monthly_requests"),
                {{"Certificates (first 1K)", 1000, "acmpca.certificate_tier1"},
                 {"Certificates (next 9K)", 10000, "acmpca.certificate_tier2"},
                 {"Certificates (over 10K)", std::nullopt, "acmpca.certificate_tier3"}});
}

void PriceDirectory(PriceContext& ctx) {
  const std::string type = ctx.Str("type").value_or("SimpleAD");
  std::string edition, label, key;
  if (type == "MicrosoftAD") {
    edition = ctx.Str("edition").value_or("Enterprise");
    label = "Microsoft AD, " + edition;
    key = "directoryservice.microsoft_ad." + Lower(edition);
  } else {
    edition = ctx.Str("size").value_or("Large");
    label = (type == "ADConnector" ? "AD Connector, " : "Simple AD, ") + edition;
    key = std::string("directoryservice.") + (type == "ADConnector" ? "ad_connector." : "simple_ad.") + Lower(edition);
  }
  // Every directory runs two domain controllers.
  ctx.Add("Directory service (" + label + ")", "controllers", 2, key, kHoursPerMonth);
  if (auto extra = ctx.UsageNum("additional_domain_controllers")) {
    ctx.Add("Additional domain controllers", "controllers", *extra, key, kHoursPerMonth);
  }
  if (type == "MicrosoftAD") {
    if (auto shared = ctx.UsageNum("shared_accounts")) {
      ctx.Add("Directory sharing", "accounts", *shared, "directoryservice.sharing." + Lower(edition), kHoursPerMonth);
    }
  }
}

// Counts rule statements of `kind` anywhere under `v`.
int CountStatements(const nlohmann::json& v, const std::string& kind) {
  int n = 0;
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) n += (k == kind ? static_cast<int>(child.is_array() ? child.size() : 1) : 0) + CountStatements(child, kind);
  } else if (v.is_array()) {
    for (const auto& child : v) n += CountStatements(child, kind);
  }
  return n;
}

void PriceWafv2WebAcl(PriceContext& ctx) {
  ctx.Add("Web ACL usage", "months", 1, "waf.web_acl");
  int rule_groups = 0, managed = 0, plain = 0;
  for (const auto& rule : ctx.Blocks("rule")) {
    int g = CountStatements(rule, "rule_group_reference_statement");
    int m = CountStatements(rule, "managed_rule_group_statement");
    rule_groups += g;
    managed += m;
    if (g == 0 && m == 0) ++plain;
  }
  // Rules inside referenced groups are billed as rules of this ACL; the usage file gives them.
  double rules = plain + ctx.UsageNum("rule_group_rules").value_or(0) + ctx.UsageNum("managed_rule_group_rules").value_or(0);
  ctx.Add("Rules", "rules", rules, "waf.rule");
  if (rule_groups > 0) ctx.Add("Rule groups", "groups", rule_groups, "waf.rule");
  if (managed > 0) ctx.Add("Managed rule groups", "groups", managed, "waf.rule");
  ctx.Add("Requests", "1M requests", Scaled(ctx.UsageNum("monthly_requests"), 1e6), "waf.requests");
}

void PriceGlueCatalog(PriceContext& ctx) {
  // The first 100k objects and 1M requests a month are free.
  auto objects = ctx.UsageNum("monthly_objects");
  auto requests = ctx.UsageNum("monthly_requests");
  if (objects && *objects < 1e5) objects = 0;
  if (requests && *requests < 1e6) requests = 0;
  ctx.Add("Storage", "100k objects", Scaled(objects, 1e5), "glue.catalog_storage");
  ctx.Add("Requests", "1M requests", Scaled(requests, 1e6), "glue.catalog_requests");
}

void PriceMqBroker(PriceContext& ctx) {
  const std::string engine = ctx.Str("engine_type").value_or("ActiveMQ");
  const std::string type = ctx.Str("host_instance_type").value_or("mq.t3.micro");
  std::string mode = Lower(ctx.Str("deployment_mode").value_or("SINGLE_INSTANCE"));
  const std::string storage = engine == "RabbitMQ" ? "ebs" : Lower(ctx.Str("storage_type").value_or("efs"));
  ctx.Add("Instance usage (" + engine + ", " + type + ", " + mode + ")", "hours", kHoursPerMonth,
          "mq." + Lower(engine) + "." + mode + "." + type);
  std::string storage_label = storage == "ebs" ? "EBS" : "EFS";
  double factor = mode == "cluster_multi_az" ? 3 : 1;  // a RabbitMQ cluster stores on three brokers
  auto gb = ctx.UsageNum("storage_size_gb");
  ctx.Add("Storage (" + engine + ", " + storage_label + ")", "GB", gb ? std::optional<double>(*gb * factor) : std::nullopt,
          "mq.storage." + storage);
}

void PriceCloudHsm(PriceContext& ctx) {
  ctx.Add("HSM usage", "hours", ctx.UsageNum("monthly_hrs").value_or(kHoursPerMonth), "cloudhsm.hsm_hour");
}

}  // namespace

const std::vector<ResourcePricer>& ManagementPricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_kms_key", "KMS", PriceKmsKey},
      {"aws_kms_external_key", "KMS", PriceKmsExternalKey},
      {"aws_secretsmanager_secret", "Secrets Manager", PriceSecret},
      {"aws_ssm_parameter", "Systems Manager", PriceSsmParameter},
      {"aws_config_configuration_recorder", "Config", PriceConfigRecorder},
      {"aws_config_config_rule", "Config", PriceConfigRule},
      {"aws_config_organization_custom_rule", "Config", PriceConfigRule},
      {"aws_config_organization_managed_rule", "Config", PriceConfigRule},
      {"aws_cloudformation_stack", "CloudFormation", PriceCloudFormationStack},
      {"aws_cloudformation_stack_set", "CloudFormation", PriceCloudFormationStack},
      {"aws_acm_certificate", "ACM", PriceAcmCertificate},
      {"aws_acmpca_certificate_authority", "ACM", PriceAcmPca},
      {"aws_directory_service_directory", "Directory Service", PriceDirectory},
      {"aws_wafv2_web_acl", "WAF", PriceWafv2WebAcl},
      {"aws_glue_catalog_database", "Glue", PriceGlueCatalog},
      {"aws_mq_broker", "MQ", PriceMqBroker},
      {"aws_cloudhsm_v2_hsm", "CloudHSM", PriceCloudHsm},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
