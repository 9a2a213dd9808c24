// S3, EFS, ECR and AWS Backup.

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

struct S3Line {
  const char* usage_key;
  const char* name;
  const char* unit;
  double divisor;   // usage value -> billed unit (requests -> 1k requests)
  const char* price;  // key suffix under s3.<class>.
};

struct S3Class {
  const char* usage_key;  // key in the usage file
  const char* label;
  const char* price_class;
  std::vector<S3Line> lines;
};

const std::vector<S3Class>& S3Classes() {
  static const std::vector<S3Class> kClasses = {
      {"standard", "Standard", "standard",
       {{"storage_gb", "Storage", "GB", 1, "storage"},
        {"monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", 1000, "tier1"},
        {"monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", 1000, "tier2"},
        {"monthly_select_data_scanned_gb", "Select data scanned", "GB", 1, "select_scanned"},
        {"monthly_select_data_returned_gb", "Select data returned", "GB", 1, "select_returned"}}},
      {"intelligent_tiering", "Intelligent tiering", "intelligent_tiering",
       {{"frequent_access_storage_gb", "Storage (frequent access)", "GB", 1, "storage_frequent"},
        {"infrequent_access_storage_gb", "Storage (infrequent access)", "GB", 1, "storage_infrequent"},
        {"archive_access_storage_gb", "Storage (archive access)", "GB", 1, "storage_archive"},
        {"deep_archive_access_storage_gb", "Storage (deep archive access)", "GB", 1, "storage_deep_archive"},
        {"monitored_objects", "Monitoring and automation", "1k objects", 1000, "monitoring"},
        {"monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", 1000, "tier1"},
        {"monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", 1000, "tier2"},
        {"monthly_lifecycle_transition_requests", "Lifecycle transition", "1k requests", 1000, "lifecycle"},
        {"monthly_select_data_scanned_gb", "Select data scanned", "GB", 1, "select_scanned"},
        {"monthly_select_data_returned_gb", "Select data returned", "GB", 1, "select_returned"},
        {"early_delete_gb", "Early delete (within 30 days)", "GB", 1, "early_delete"}}},
      {"standard_infrequent_access", "Standard - infrequent access", "standard_ia",
       {{"storage_gb", "Storage", "GB", 1, "storage"},
        {"monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", 1000, "tier1"},
        {"monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", 1000, "tier2"},
        {"monthly_lifecycle_transition_requests", "Lifecycle transition", "1k requests", 1000, "lifecycle"},
        {"monthly_data_retrieval_gb", "Retrievals", "GB", 1, "retrieval"},
        {"monthly_select_data_scanned_gb", "Select data scanned", "GB", 1, "select_scanned"},
        {"monthly_select_data_returned_gb", "Select data returned", "GB", 1, "select_returned"}}},
      {"one_zone_infrequent_access", "One zone - infrequent access", "one_zone_ia",
       {{"storage_gb", "Storage", "GB", 1, "storage"},
        {"monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", 1000, "tier1"},
        {"monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", 1000, "tier2"},
        {"monthly_lifecycle_transition_requests", "Lifecycle transition", "1k requests", 1000, "lifecycle"},
        {"monthly_data_retrieval_gb", "Retrievals", "GB", 1, "retrieval"},
        {"monthly_select_data_scanned_gb", "Select data scanned", "GB", 1, "select_scanned"},
        {"monthly_select_data_returned_gb", "Select data returned", "GB", 1, "select_returned"}}},
      {"glacier_flexible_retrieval", "Glacier flexible retrieval", "glacier",
       {{"storage_gb", "Storage", "GB", 1, "storage"},
        {"monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", 1000, "tier1"},
        {"monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", 1000, "tier2"},
        {"monthly_lifecycle_transition_requests", "Lifecycle transition", "1k requests", 1000, "lifecycle"},
        {"monthly_standard_data_retrieval_requests", "Retrieval requests (standard)", "1k requests", 1000, "retrieval_requests_standard"},
        {"monthly_standard_data_retrieval_gb", "Retrievals (standard)", "GB", 1, "retrieval_standard"},
        {"monthly_standard_select_data_scanned_gb", "Select data scanned (standard)", "GB", 1, "select_scanned_standard"},
        {"monthly_standard_select_data_returned_gb", "Select data returned (standard)", "GB", 1, "select_returned_standard"},
        {"monthly_expedited_data_retrieval_requests", "Retrieval requests (expedited)", "1k requests", 1000, "retrieval_requests_expedited"},
        {"monthly_expedited_data_retrieval_gb", "Retrievals (expedited)", "GB", 1, "retrieval_expedited"},
        {"monthly_expedited_select_data_scanned_gb", "Select data scanned (expedited)", "GB", 1, "select_scanned_expedited"},
        {"monthly_expedited_select_data_returned_gb", "Select data returned (expedited)", "GB", 1, "select_returned_expedited"},
        {"monthly_bulk_select_data_scanned_gb", "Select data scanned (bulk)", "GB", 1, "select_scanned_bulk"},
        {"monthly_bulk_select_data_returned_gb", "Select data returned (bulk)", "GB", 1, "select_returned_bulk"},
        {"early_delete_gb", "Early delete (within 90 days)", "GB", 1, "early_delete"}}},
      {"glacier_deep_archive", "Glacier deep archive", "deep_archive",
       {{"storage_gb", "Storage", "GB", 1, "storage"},
        {"monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", 1000, "tier1"},
        {"monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", 1000, "tier2"},
        {"monthly_lifecycle_transition_requests", "Lifecycle transition", "1k requests", 1000, "lifecycle"},
        {"monthly_standard_data_retrieval_requests", "Retrieval requests (standard)", "1k requests", 1000, "retrieval_requests_standard"},
        {"monthly_standard_data_retrieval_gb", "Retrievals (standard)", "GB", 1, "retrieval_standard"},
        {"monthly_bulk_data_retrieval_requests", "Retrieval requests (bulk)", "1k requests", 1000, "retrieval_requests_bulk"},
        {"monthly_bulk_data_retrieval_gb", "Retrievals (bulk)", "GB", 1, "retrieval_bulk"},
        {"early_delete_gb", "Early delete (within 180 days)", "GB", 1, "early_delete"}}},
  };
  return kClasses;
}

void PriceS3Bucket(PriceContext& ctx) {
  if (auto tags = ctx.UsageNum("object_tags")) {
    ctx.Add("Object tagging", "10k tags", *tags / 10000, "s3.object_tagging");
  }
  bool any_class = false;
  for (const S3Class& c : S3Classes()) {
    auto it = ctx.usage().find(c.usage_key);
    const bool has_usage = it != ctx.usage().end() && it->is_object();
    // Without usage only Standard is shown, as where a new bucket's objects land.
    if (!has_usage && std::string(c.usage_key) != "standard") continue;
    any_class = true;
    ctx.set_prefix(std::string(c.label) + ": ");
    for (const S3Line& line : c.lines) {
      std::optional<double> q;
      if (has_usage && it->contains(line.usage_key) && (*it)[line.usage_key].is_number()) {
        q = (*it)[line.usage_key].get<double>() / line.divisor;
      } else if (has_usage) {
        continue;  // a class with usage shows only the lines given
      }
      ctx.Add(line.name, line.unit, q, std::string("s3.") + c.price_class + "." + line.price);
    }
  }
  ctx.set_prefix("");
  (void)any_class;
}

void PriceEfs(PriceContext& ctx) {
  const bool one_zone = ctx.attrs().contains("availability_zone_name") && !ctx.attrs()["availability_zone_name"].is_null();
  const std::string zone = one_zone ? "one_zone" : "standard";
  ctx.Add(one_zone ? "Storage (one zone)" : "Storage (standard)", "GB", ctx.UsageNum("storage_gb"), "efs." + zone + ".storage");
  if (ctx.Str("throughput_mode").value_or("bursting") == "provisioned") {
    // Throughput included with storage (50 KB/s per GB) is not billed twice.
    double mibps = ctx.Num("provisioned_throughput_in_mibps").value_or(0);
    double included = ctx.UsageNum("storage_gb").value_or(0) / 20.0;  // 1 MiB/s per 20 GiB stored
    ctx.Add("Provisioned throughput", "MBps", std::max(0.0, mibps - included), "efs.provisioned_throughput");
  }
  if (!ctx.Blocks("lifecycle_policy").empty()) {
    ctx.Add(one_zone ? "Storage (one zone, infrequent access)" : "Storage (standard, infrequent access)", "GB",
            ctx.UsageNum("infrequent_access_storage_gb"), "efs." + zone + ".ia_storage");
    ctx.Add("Read requests (infrequent access)", "GB", ctx.UsageNum("monthly_infrequent_access_read_gb"), "efs.ia_read");
    ctx.Add("Write requests (infrequent access)", "GB", ctx.UsageNum("monthly_infrequent_access_write_gb"), "efs.ia_write");
  }
}

void PriceEcrRepository(PriceContext& ctx) {
  ctx.Add("Storage", "GB", ctx.UsageNum("storage_gb"), "ecr.storage");
}

}  // namespace

const std::vector<ResourcePricer>& StoragePricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_s3_bucket", "S3", PriceS3Bucket},
      {"aws_efs_file_system", "EFS", PriceEfs},
      {"aws_ecr_repository", "ECR", PriceEcrRepository},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
