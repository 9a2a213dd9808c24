#include "reconciler/checks/compliance.h"

#include <memory>
#include <set>

#include <re2/re2.h>

#include "common/regex.h"

namespace faber::reconciler::checks {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Finding Make(const Resource& r, const char* id, const char* title, Severity severity, const char* category) {
  Finding f;
  f.rule_id = id;
  f.title = title;
  f.severity = severity;
  f.category = category;
  f.address = r.address;
  f.resource_type = r.type;
  f.file = r.source.file;
  f.line = r.source.line;
  return f;
}

void Tagging(const Resource& r, const ScanOptions& options, std::vector<Finding>* out) {
  if (options.required_tags.empty() || !IsTaggable(r.type)) return;
  Finding f = Make(r, "FABER_TAGS_REQUIRED", "Resources carry the required tags", Severity::kMedium, "compliance");
  f.recommendation = "Add the missing tags to the resource, or to the provider's default_tags";
  nlohmann::json tags = EffectiveTags(r);
  if (IsUnknown(tags)) {
    f.status = FindingStatus::kUnknown;
    f.message = "tags are known only after apply";
  } else {
    std::string missing;
    for (const auto& tag : options.required_tags) {
      if (!tags.contains(tag)) missing += (missing.empty() ? "" : ", ") + tag;
    }
    f.status = missing.empty() ? FindingStatus::kPassed : FindingStatus::kFailed;
    if (!missing.empty()) f.message = "missing tags: " + missing;
  }
  out->push_back(std::move(f));
}

void Naming(const Resource& r, const re2::RE2& pattern, const std::string& pattern_text, std::vector<Finding>* out) {
  static const char* kNameAttributes[] = {"name", "bucket", "function_name", "identifier", "cluster_identifier",
                                          "cluster_name", "table_name", "domain_name", "queue_name", "topic_name",
                                          "repository_name", "role_name", "name_prefix", "bucket_prefix"};
  for (const char* attribute : kNameAttributes) {
    auto it = r.attributes.find(attribute);
    if (it == r.attributes.end() || it->is_null()) continue;
    Finding f = Make(r, "FABER_NAMING", "Resource names follow the naming pattern", Severity::kLow, "compliance");
    f.recommendation = "Rename it to match " + pattern_text;
    if (!it->is_string()) {
      f.status = FindingStatus::kUnknown;
      f.message = std::string(attribute) + " is known only after apply";
    } else {
      bool ok = common::RegexSearch(pattern, it->get<std::string>());
      f.status = ok ? FindingStatus::kPassed : FindingStatus::kFailed;
      if (!ok) f.message = std::string(attribute) + " \"" + it->get<std::string>() + "\" does not match " + pattern_text;
    }
    out->push_back(std::move(f));
    return;
  }
}

bool IsStateful(const std::string& type) {
  static const std::set<std::string> kStateful = {
      "aws_db_instance", "aws_rds_cluster", "aws_s3_bucket", "aws_ebs_volume", "aws_efs_file_system",
      "aws_dynamodb_table", "aws_kms_key", "aws_elasticache_replication_group", "aws_elasticache_cluster",
      "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster", "aws_opensearch_domain",
      "aws_elasticsearch_domain", "aws_fsx_lustre_file_system", "aws_backup_vault", "aws_secretsmanager_secret",
      "aws_kinesis_stream", "aws_qldb_ledger", "aws_memorydb_cluster"};
  return kStateful.count(type) > 0;
}

void PreventDestroy(const Resource& r, std::vector<Finding>* out) {
  if (!IsStateful(r.type)) return;
  Finding f = Make(r, "FABER_PREVENT_DESTROY", "Stateful resources in production cannot be destroyed by a plan",
                   Severity::kMedium, "best-practice");
  f.recommendation = "Add lifecycle { prevent_destroy = true }";
  f.status = r.prevent_destroy ? FindingStatus::kPassed : FindingStatus::kFailed;
  if (!r.prevent_destroy) f.message = "a plan that replaces or deletes it would destroy its data";
  out->push_back(std::move(f));
}

void ProviderCredentials(const ProviderConfig& p, std::vector<Finding>* out) {
  if (p.name != "aws") return;
  for (const char* key : {"access_key", "secret_key", "token"}) {
    auto it = p.attributes.find(key);
    if (it == p.attributes.end() || !it->is_string()) continue;
    Resource where;
    where.address = "provider." + p.name + (p.alias.empty() ? "" : "." + p.alias);
    where.type = "provider";
    where.source = p.source;
    Finding f = Make(where, "FABER_PROVIDER_CREDENTIALS", "No credentials are written in provider blocks",
                     Severity::kCritical, "best-practice");
    f.equivalents = {"CKV_AWS_41"};
    f.status = FindingStatus::kFailed;
    f.message = std::string(key) + " is written in the code";  // never its value
    f.recommendation = "Use the environment, a shared profile or an assumed role instead";
    out->push_back(std::move(f));
  }
}

}  // namespace

bool IsTaggable(const std::string& type) {
  if (type.rfind("aws_", 0) != 0) return false;
  static const std::set<std::string> kNotTaggable = {
      "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning", "aws_s3_bucket_acl",
      "aws_s3_bucket_logging", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_ownership_controls", "aws_s3_bucket_notification", "aws_s3_bucket_cors_configuration",
      "aws_s3_bucket_website_configuration", "aws_s3_bucket_replication_configuration", "aws_security_group_rule",
      "aws_route", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_group_membership",
      "aws_lambda_permission", "aws_kms_alias", "aws_route53_record", "aws_volume_attachment", "aws_main_route_table_association",
      "aws_autoscaling_attachment", "aws_sns_topic_subscription", "aws_sns_topic_policy", "aws_sqs_queue_policy",
      "aws_iam_account_password_policy", "aws_ebs_encryption_by_default", "aws_lb_listener_rule",
      "aws_lb_target_group_attachment", "aws_api_gateway_method", "aws_api_gateway_integration", "aws_api_gateway_resource",
      "aws_api_gateway_deployment", "aws_api_gateway_method_settings", "aws_cloudwatch_log_subscription_filter",
      "aws_vpc_endpoint_route_table_association", "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy"};
  if (kNotTaggable.count(type)) return false;
  for (const char* suffix : {"_attachment", "_association", "_policy_attachment"}) {
    if (EndsWith(type, suffix)) return false;
  }
  return true;
}

std::vector<Finding> ComplianceFindings(const ResourceModel& model, const ScanOptions& options) {
  std::vector<Finding> out;
  std::shared_ptr<const re2::RE2> pattern;
  bool naming = !options.naming_pattern.empty();
  if (naming) pattern = common::CompileRegex(options.naming_pattern);
  naming = naming && pattern->ok();  // the configuration and the CLI refuse invalid patterns first
  for (const auto& r : model.resources) {
    if (r.mode != ResourceMode::kManaged) continue;
    Tagging(r, options, &out);
    if (naming) Naming(r, *pattern, options.naming_pattern, &out);
    if (options.production) PreventDestroy(r, &out);
  }
  for (const auto& p : model.providers) ProviderCredentials(p, &out);
  return out;
}

}  // namespace faber::reconciler::checks
