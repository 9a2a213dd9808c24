// Operations and integration services priced by the hour or by usage: CloudTrail, CloudFront
// Functions, S3 analytics and inventory, traffic mirroring, Direct Connect gateway associations,
// Transfer Family, Systems Manager activations, Glue, Managed Grafana, WAF Classic, CodeBuild,
// Database Migration Service, Managed Workflows for Apache Airflow, Redshift, AWS Backup and FSx.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

std::optional<double> Per(std::optional<double> v, double unit) {
  return v ? std::optional<double>(*v / unit) : std::nullopt;
}

// Management events beyond the first copy, data events, and Insights when a selector is set.
void PriceCloudTrail(PriceContext& ctx) {
  if (ctx.Bool("include_global_service_events").value_or(true)) {
    ctx.Add("Management events (additional copies)", "100k events",
            Per(ctx.UsageNum("monthly_additional_management_events"), 1e5), "cloudtrail.management_events", 1e5);
  }
  ctx.Add("Data events", "100k events", Per(ctx.UsageNum("monthly_data_events"), 1e5), "cloudtrail.data_events", 1e5);
  if (!ctx.Blocks("insight_selector").empty()) {
    ctx.Add("Insight events", "100k events", Per(ctx.UsageNum("monthly_insight_events"), 1e5),
            "cloudtrail.insight_events", 1e5);
  }
}

void PriceCloudFrontFunction(PriceContext& ctx) {
  ctx.UseGlobalPrices();
  ctx.Add("Total number of invocations", "1M invocations", Per(ctx.UsageNum("monthly_requests"), 1e6),
          "cloudfront.function_invocations");
}

void PriceS3Analytics(PriceContext& ctx) {
  ctx.Add("Objects monitored", "1M objects", Per(ctx.UsageNum("monthly_monitored_objects"), 1e6),
          "s3.analytics_objects");
}

void PriceS3Inventory(PriceContext& ctx) {
  ctx.Add("Objects listed", "1M objects", Per(ctx.UsageNum("monthly_listed_objects"), 1e6), "s3.inventory_objects");
}

void PriceTrafficMirrorSession(PriceContext& ctx) {
  ctx.Add("Traffic mirror", "hours", kHoursPerMonth, "vpc.traffic_mirror_session.hour");
}

// A Direct Connect gateway associated with a transit gateway bills the attachment and its data.
void PriceDxGatewayAssociation(PriceContext& ctx) {
  ctx.Add("Data processed", "GB", ctx.UsageNum("monthly_data_processed_gb"), "tgw.dx_data");
  ctx.Add("Transit gateway attachment", "hours", kHoursPerMonth, "tgw.attachment.hour");
}

// Each enabled protocol is billed by the hour (SFTP when none is set), plus data in and out.
void PriceTransferServer(PriceContext& ctx) {
  std::vector<std::string> protocols;
  const nlohmann::json& a = ctx.attrs();
  if (a.contains("protocols") && a["protocols"].is_array()) {
    for (const auto& p : a["protocols"]) {
      if (p.is_string()) protocols.push_back(p.get<std::string>());
    }
  } else if (ctx.IsUnknownAttr("protocols")) {
    ctx.Note("protocols are unknown before apply; one protocol priced");
  }
  if (protocols.empty()) protocols = {"SFTP"};
  std::sort(protocols.begin(), protocols.end());
  for (const auto& p : protocols) ctx.Add(p + " protocol enabled", "hours", kHoursPerMonth, "transfer.protocol.hour");
  ctx.Add("Data downloaded", "GB", ctx.UsageNum("monthly_data_downloaded_gb"), "transfer.data");
  ctx.Add("Data uploaded", "GB", ctx.UsageNum("monthly_data_uploaded_gb"), "transfer.data");
}

// Standard-tier on-premises instances are free; the advanced tier (or more than 1,000
// registrations, which needs it) bills per instance-hour.
void PriceSsmActivation(PriceContext& ctx) {
  std::string tier = Lower(ctx.UsageStr("instance_tier").value_or(""));
  if (tier.empty() && ctx.Num("registration_limit").value_or(1) > 1000) tier = "advanced";
  if (tier != "advanced") return;
  auto instances = ctx.UsageNum("instances");
  ctx.Add("On-prem managed instances (advanced)", "hours",
          instances ? std::optional<double>(*instances * kHoursPerMonth) : std::nullopt, "ssm.advanced_instance.hour");
}

void PriceGlueCrawler(PriceContext& ctx) {
  ctx.Add("Duration", "hours", ctx.UsageNum("monthly_hours"), "glue.dpu_hour");
}

// Glue jobs bill DPU-hours: number_of_workers (G.2X workers count two DPUs) or max_capacity.
void PriceGlueJob(PriceContext& ctx) {
  double dpus = ctx.Num("max_capacity").value_or(1);
  if (auto workers = ctx.Num("number_of_workers")) {
    dpus = *workers * (Lower(ctx.Str("worker_type").value_or("")) == "g.2x" ? 2 : 1);
  }
  auto hours = ctx.UsageNum("monthly_hours");
  char unit[64];
  std::snprintf(unit, sizeof(unit), dpus >= 1 ? "hours (%.0f DPU%s)" : "hours (%.4f DPU%s)", dpus, dpus == 1 ? "" : "s");
  ctx.Add("Duration", unit, hours ? std::optional<double>(*hours * dpus) : std::nullopt, "glue.dpu_hour");
}

// Editor/administrator licences (one at least) and viewer licences per user and month.
void PriceGrafanaWorkspace(PriceContext& ctx) {
  ctx.Add("Editor/administrator licenses", "users", ctx.UsageNum("editors_administrator_licenses").value_or(1),
          "grafana.editor_license");
  ctx.Add("Viewer licenses", "users", ctx.UsageNum("viewer_licenses"), "grafana.viewer_license");
}

// WAF Classic (global): the web ACL, its regular and rate-based rules (plus the rules inside
// rule groups, from the usage file), rule groups and requests.
void PriceWafWebAcl(PriceContext& ctx) {
  ctx.UseGlobalPrices();
  double rules = 0, groups = 0;
  for (const auto& r : ctx.Blocks("rules")) {
    const std::string type = Lower(ctx.Str("type", &r).value_or("regular"));
    if (type == "regular" || type == "rate_based") ++rules;
    if (type == "group") ++groups;
  }
  rules += ctx.UsageNum("rule_group_rules").value_or(0);
  ctx.Add("Web ACL usage", "months", 1, "waf.web_acl");
  ctx.Add("Rules", "rules", rules, "waf.rule");
  ctx.Add("Rule groups", "groups", groups, "waf.rule");
  ctx.Add("Requests", "1M requests", Per(ctx.UsageNum("monthly_requests"), 1e6), "waf.requests");
}

// Build minutes by operating system and compute type (BUILD_GENERAL1_MEDIUM -> general1.medium).
void PriceCodeBuildProject(PriceContext& ctx) {
  std::string compute = "BUILD_GENERAL1_SMALL", os = "LINUX_CONTAINER";
  for (const auto& env : ctx.Blocks("environment")) {
    compute = ctx.Str("compute_type", &env).value_or(compute);
    os = ctx.Str("type", &env).value_or(os);
  }
  std::string size = Lower(compute);
  if (size.rfind("build_", 0) == 0) size = size.substr(6);
  for (auto& c : size) c = c == '_' ? '.' : c;
  const bool windows = Lower(os).find("windows") != std::string::npos;
  ctx.Add(std::string(windows ? "Windows" : "Linux") + " (" + size + ")", "minutes", ctx.UsageNum("monthly_build_mins"),
          std::string("codebuild.") + (windows ? "windows." : "linux.") + size);
}

// A replication instance by class (twice for Multi-AZ) and its storage beyond what the class
// includes (50 GB for T2/T3, 100 GB for the others).
void PriceDmsReplicationInstance(PriceContext& ctx) {
  std::string cls = ctx.Str("replication_instance_class").value_or("dms.t3.medium");
  if (cls.rfind("dms.", 0) == 0) cls = cls.substr(4);
  const bool multi_az = ctx.Bool("multi_az").value_or(false);
  const double az = multi_az ? 2 : 1;
  ctx.Add("Instance (" + cls + ")", "hours", kHoursPerMonth, "dms.instance." + cls, az);
  const double included = cls.rfind("t2.", 0) == 0 || cls.rfind("t3.", 0) == 0 ? 50 : 100;
  const double paid = ctx.Num("allocated_storage").value_or(included) - included;
  if (paid > 0) ctx.Add("Storage (general purpose SSD, gp2)", "GB", paid, "dms.storage_gp2", az);
}

// The environment by class, workers and schedulers beyond the included ones (usage), and the
// metadata database.
void PriceMwaaEnvironment(PriceContext& ctx) {
  std::string cls = Lower(ctx.Str("environment_class").value_or("mw1.small"));
  if (cls.rfind("mw1.", 0) == 0) cls = cls.substr(4);
  std::string label = cls;
  if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  ctx.Add("Environment (" + label + ")", "hours", kHoursPerMonth, "mwaa.environment." + cls);
  auto hours = [](std::optional<double> n) { return n ? std::optional<double>(*n * kHoursPerMonth) : std::nullopt; };
  ctx.Add("Worker (" + label + ")", "hours", hours(ctx.UsageNum("additional_workers")), "mwaa.worker." + cls);
  ctx.Add("Scheduler (" + label + ")", "hours", hours(ctx.UsageNum("additional_schedulers")), "mwaa.worker." + cls);
  ctx.Add("Meta database", "GB", ctx.UsageNum("meta_database_gb"), "mwaa.meta_database");
}

// Node-hours, RA3 managed storage, concurrency scaling beyond the free credits (node-seconds at
// the node rate), Spectrum scans and backup storage in three tiers.
void PriceRedshiftCluster(PriceContext& ctx) {
  auto node = ctx.Str("node_type");
  if (!node) {
    ctx.Fail("node_type is unknown");
    return;
  }
  const double nodes = ctx.Num("number_of_nodes").value_or(1);
  ctx.Add("Cluster usage (on-demand, " + *node + ")", "hours", kHoursPerMonth * nodes, "redshift.node." + *node);
  if (node->rfind("ra3.", 0) == 0) {
    ctx.Add("Managed storage (" + *node + ")", "GB", ctx.UsageNum("managed_storage_gb"), "redshift.managed_storage");
  }
  ctx.Add("Concurrency scaling (" + *node + ")", "node-seconds", ctx.UsageNum("excess_concurrency_scaling_secs"),
          "redshift.node." + *node, 1.0 / 3600);
  ctx.Add("Spectrum", "TB", ctx.UsageNum("spectrum_data_scanned_tb"), "redshift.spectrum");
  ctx.AddTiered("GB", ctx.UsageNum("backup_storage_gb"),
                {{"Backup storage (first 50 TB)", 51200, "redshift.backup_first_50tb"},
                 {"Backup storage (next 450 TB)", 512000, "redshift.backup_next_450tb"},
                 {"Backup storage (over 500 TB)", std::nullopt, "redshift.backup_over_500tb"}});
}

// AWS Backup storage and restores by source service, all from the usage file.
void PriceBackupVault(PriceContext& ctx) {
  static const struct {
    const char* name;
    const char* unit;
    const char* usage;
    const char* key;
  } kParts[] = {
      {"EFS backup (warm)", "GB", "monthly_efs_warm_backup_gb", "backup.efs_warm"},
      {"EFS backup (cold)", "GB", "monthly_efs_cold_backup_gb", "backup.efs_cold"},
      {"EFS restore (warm)", "GB", "monthly_efs_warm_restore_gb", "backup.efs_warm_restore"},
      {"EFS restore (cold)", "GB", "monthly_efs_cold_restore_gb", "backup.efs_cold_restore"},
      {"EFS restore (item-level)", "requests", "monthly_efs_item_restore_requests", "backup.efs_item_restore"},
      {"EBS snapshot", "GB", "monthly_ebs_snapshot_gb", "backup.ebs_snapshot"},
      {"RDS snapshot", "GB", "monthly_rds_snapshot_gb", "backup.rds_snapshot"},
      {"DynamoDB backup", "GB", "monthly_dynamodb_backup_gb", "backup.dynamodb"},
      {"DynamoDB restore", "GB", "monthly_dynamodb_restore_gb", "backup.dynamodb_restore"},
      {"Aurora snapshot", "GB", "monthly_aurora_snapshot_gb", "backup.aurora_snapshot"},
      {"FSx for Windows backup", "GB", "monthly_fsx_windows_backup_gb", "backup.fsx_windows"},
      {"FSx for Lustre backup", "GB", "monthly_fsx_lustre_backup_gb", "backup.fsx_lustre"},
  };
  for (const auto& p : kParts) ctx.Add(p.name, p.unit, ctx.UsageNum(p.usage), p.key);
}

// FSx for Windows File Server: throughput capacity, SSD or HDD storage and backups, at Multi-AZ or
// Single-AZ rates.
void PriceFsxWindows(PriceContext& ctx) {
  const std::string az =
      Lower(ctx.Str("deployment_type").value_or("SINGLE_AZ_1")).rfind("multi_az", 0) == 0 ? "multi_az" : "single_az";
  const std::string storage = Lower(ctx.Str("storage_type").value_or("SSD"));
  ctx.Add("Throughput capacity", "MBps", ctx.Num("throughput_capacity").value_or(8),
          "fsx.windows." + az + ".throughput");
  ctx.Add(storage == "hdd" ? "HDD storage" : "SSD storage", "GB", ctx.Num("storage_capacity").value_or(32),
          "fsx.windows." + az + "." + (storage == "hdd" ? "hdd" : "ssd"));
  ctx.Add("Backup storage", "GB", ctx.UsageNum("backup_storage_gb"), "fsx.backup");
}

// FSx for OpenZFS: throughput capacity, user-provisioned IOPS beyond the 3 per GB included, SSD
// storage (less the expected compression savings, 50% unless the usage file says) and backups.
void PriceFsxOpenZfs(PriceContext& ctx) {
  const double gb = ctx.Num("storage_capacity").value_or(64);
  ctx.Add("Throughput capacity", "MBps", ctx.Num("throughput_capacity").value_or(64), "fsx.openzfs.throughput");
  for (const auto& iops : ctx.Blocks("disk_iops_configuration")) {
    if (ctx.Str("mode", &iops).value_or("AUTOMATIC") != "USER_PROVISIONED") continue;
    const double paid = ctx.Num("iops", &iops).value_or(0) - 3 * gb;
    if (paid > 0) ctx.Add("Provisioned IOPS", "IOPS", paid, "fsx.openzfs.iops");
  }
  std::string compression;
  for (const auto& root : ctx.Blocks("root_volume_configuration")) {
    compression = ctx.Str("data_compression_type", &root).value_or("");
  }
  if (!compression.empty() && compression != "NONE") {
    const double savings = ctx.UsageNum("compression_savings_percent").value_or(50);
    char name[96];
    std::snprintf(name, sizeof(name), "SSD storage (%s compression, %.0f%%)", compression.c_str(), savings);
    ctx.Add(name, "GB", std::ceil(gb * (1 - savings / 100)), "fsx.openzfs.ssd");
  } else {
    ctx.Add("SSD storage", "GB", gb, "fsx.openzfs.ssd");
  }
  ctx.Add("Backup storage", "GB", ctx.UsageNum("backup_storage_gb"), "fsx.backup");
}

}  // namespace

const std::vector<ResourcePricer>& OperationsPricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_cloudtrail", "CloudTrail", PriceCloudTrail},
      {"aws_cloudfront_function", "CloudFront", PriceCloudFrontFunction},
      {"aws_s3_bucket_analytics_configuration", "S3", PriceS3Analytics},
      {"aws_s3_bucket_inventory", "S3", PriceS3Inventory},
      {"aws_ec2_traffic_mirror_session", "VPC", PriceTrafficMirrorSession},
      {"aws_dx_gateway_association", "Direct Connect", PriceDxGatewayAssociation},
      {"aws_transfer_server", "Transfer Family", PriceTransferServer},
      {"aws_ssm_activation", "Systems Manager", PriceSsmActivation},
      {"aws_glue_crawler", "Glue", PriceGlueCrawler},
      {"aws_glue_job", "Glue", PriceGlueJob},
      {"aws_grafana_workspace", "Managed Grafana", PriceGrafanaWorkspace},
      {"aws_waf_web_acl", "WAF", PriceWafWebAcl},
      {"aws_codebuild_project", "CodeBuild", PriceCodeBuildProject},
      {"aws_dms_replication_instance", "DMS", PriceDmsReplicationInstance},
      {"aws_mwaa_environment", "MWAA", PriceMwaaEnvironment},
      {"aws_redshift_cluster", "Redshift", PriceRedshiftCluster},
      {"aws_backup_vault", "Backup", PriceBackupVault},
      {"aws_fsx_windows_file_system", "FSx", PriceFsxWindows},
      {"aws_fsx_openzfs_file_system", "FSx", PriceFsxOpenZfs},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
