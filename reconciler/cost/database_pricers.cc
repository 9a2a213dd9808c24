// DocumentDB, Neptune, DynamoDB, ElastiCache, OpenSearch and the RDS registrations.

#include <algorithm>
#include <cmath>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {

void PriceDbInstance(PriceContext& ctx);
void PriceRdsClusterInstance(PriceContext& ctx);
void PriceRdsCluster(PriceContext& ctx);

namespace {

std::optional<double> PerMillion(std::optional<double> v) {
  return v ? std::optional<double>(*v / 1e6) : std::nullopt;
}

void PriceDocdbInstance(PriceContext& ctx) {
  auto cls = ctx.Str("instance_class");
  if (!cls) {
    ctx.Fail("instance_class is unknown");
    return;
  }
  ctx.Add("Database instance (on-demand, " + *cls + ")", "hours", kHoursPerMonth, "docdb.instance." + *cls);
  ctx.Add("Storage", "GB", ctx.UsageNum("data_storage_gb"), "docdb.storage");
  ctx.Add("I/O requests", "1M requests", PerMillion(ctx.UsageNum("monthly_io_requests")), "docdb.io");
  if (cls->rfind("db.t", 0) == 0) ctx.Add("CPU credits", "vCPU-hours", ctx.UsageNum("monthly_cpu_credit_hrs"), "docdb.cpu_credits");
}

void PriceDocdbBackup(PriceContext& ctx) {
  ctx.Add("Backup storage", "GB", ctx.UsageNum("backup_storage_gb"), "docdb.backup");
}

const Resource* NeptuneCluster(PriceContext& ctx) {
  for (const auto& [arg, refs] : ctx.resource().references) {
    for (const auto& text : refs) {
      if (const Resource* c = FindReferenced(ctx.model(), "aws_neptune_cluster", text)) return c;
    }
  }
  return nullptr;
}

void PriceNeptuneInstance(PriceContext& ctx) {
  auto cls = ctx.Str("instance_class");
  if (!cls) {
    ctx.Fail("instance_class is unknown");
    return;
  }
  const Resource* cluster = NeptuneCluster(ctx);
  const bool iopt = cluster != nullptr && StringAttr(cluster->attributes, "storage_type", "") == "iopt1";
  ctx.Add("Database instance (on-demand, " + *cls + ")", "hours", kHoursPerMonth,
          std::string(iopt ? "neptune.instance_iopt." : "neptune.instance.") + *cls);
  if (cls->rfind("db.t", 0) == 0) {
    auto hrs = ctx.UsageNum("monthly_cpu_credit_hrs");
    ctx.Add("CPU credits", "vCPU-hours", hrs ? std::optional<double>(*hrs * kHoursPerMonth) : std::nullopt,
            "neptune.cpu_credits");
  }
}

void PriceNeptuneCluster(PriceContext& ctx) {
  ctx.Add("Storage", "GB", ctx.UsageNum("storage_gb"), "neptune.storage");
  ctx.Add("I/O requests", "1M request", PerMillion(ctx.UsageNum("monthly_io_requests")), "neptune.io");
  if (ctx.Num("backup_retention_period").value_or(1) > 1) {
    ctx.Add("Backup storage", "GB", ctx.UsageNum("backup_storage_gb"), "neptune.backup");
  }
}

void PriceNeptuneSnapshot(PriceContext& ctx) {
  ctx.Add("Backup storage", "GB", ctx.UsageNum("backup_storage_gb"), "neptune.backup");
}

// Provisioned capacity set by application autoscaling targets that point at `table`.
// The capacity an application autoscaling target sets for this resource's `scalable_dimension`:
// the usage file's `capacity` for the target, else its min_capacity. The target names the resource
// by reference, or literally as `literal_id` ("table/orders").
std::optional<double> ScalableCapacity(PriceContext& ctx, const std::string& scalable_dimension,
                                       const std::string& literal_id) {
  const Resource& self = ctx.resource();
  for (const Resource* t : ctx.model().OfType("aws_appautoscaling_target")) {
    if (StringAttr(t->attributes, "scalable_dimension", "") != scalable_dimension) continue;
    bool match = false;
    auto refs = t->references.find("resource_id");
    if (refs != t->references.end()) {
      for (const auto& text : refs->second) {
        const Resource* r = FindReferenced(ctx.model(), self.type, text);
        match = match || r == &self;
      }
    } else {
      match = StringAttr(t->attributes, "resource_id", "") == literal_id;
    }
    if (!match) continue;
    auto usage = ctx.usage_file().For(t->address);
    if (usage.contains("capacity") && usage["capacity"].is_number()) return usage["capacity"].get<double>();
    if (t->attributes.contains("min_capacity") && t->attributes["min_capacity"].is_number()) {
      return t->attributes["min_capacity"].get<double>();
    }
  }
  return std::nullopt;
}

std::optional<double> AutoscaledCapacity(PriceContext& ctx, const std::string& dimension) {
  return ScalableCapacity(ctx, "dynamodb:table:" + dimension, "table/" + StringAttr(ctx.attrs(), "name", ""));
}

void PriceDynamodbTable(PriceContext& ctx) {
  const bool on_demand = ctx.Str("billing_mode").value_or("PROVISIONED") == "PAY_PER_REQUEST";
  std::vector<std::string> replicas;
  for (const auto& r : ctx.Blocks("replica")) {
    if (auto name = ctx.Str("region_name", &r)) replicas.push_back(*name);
  }
  if (on_demand) {
    auto wru = ctx.UsageNum("monthly_write_request_units");
    auto rru = ctx.UsageNum("monthly_read_request_units");
    ctx.Add("Write request unit (WRU)", "WRUs", wru, "dynamodb.wru");
    ctx.Add("Read request unit (RRU)", "RRUs", rru, "dynamodb.rru");
  } else {
    auto wcu_auto = AutoscaledCapacity(ctx, "WriteCapacityUnits");
    auto rcu_auto = AutoscaledCapacity(ctx, "ReadCapacityUnits");
    double wcu = wcu_auto.value_or(ctx.Num("write_capacity").value_or(0));
    double rcu = rcu_auto.value_or(ctx.Num("read_capacity").value_or(0));
    ctx.Add(wcu_auto ? "Write capacity unit (WCU, autoscaling)" : "Write capacity unit (WCU)", "WCU", wcu,
            "dynamodb.wcu_hour", kHoursPerMonth);
    ctx.Add(rcu_auto ? "Read capacity unit (RCU, autoscaling)" : "Read capacity unit (RCU)", "RCU", rcu,
            "dynamodb.rcu_hour", kHoursPerMonth);
  }
  ctx.Add("Data storage", "GB", ctx.UsageNum("storage_gb"), "dynamodb.storage");
  ctx.Add("Point-In-Time Recovery (PITR) backup storage", "GB", ctx.UsageNum("pitr_backup_storage_gb"), "dynamodb.pitr");
  ctx.Add("On-demand backup storage", "GB", ctx.UsageNum("on_demand_backup_storage_gb"), "dynamodb.backup");
  ctx.Add("Table data restored", "GB", ctx.UsageNum("monthly_data_restored_gb"), "dynamodb.restore");
  ctx.Add("Streams read request unit (sRRU)", "sRRUs", ctx.UsageNum("monthly_streams_read_request_units"),
          "dynamodb.streams_rru");
  // Each replica region bills replicated writes at its own price.
  for (const auto& region : replicas) {
    PriceContext replica(ctx.resource(), ctx.model(), ctx.catalog(), ctx.usage_file(), region, ctx.out());
    if (on_demand) {
      replica.Add("Global table (" + region + "): Replicated write request unit (rWRU)", "rWRU",
                  ctx.UsageNum("monthly_write_request_units"), "dynamodb.replicated_wru");
    } else {
      double wcu = ctx.Num("write_capacity").value_or(0);
      replica.Add("Global table (" + region + "): Replicated write capacity unit (rWCU)", "rWCU", wcu,
                  "dynamodb.replicated_wcu_hour", kHoursPerMonth);
    }
  }
}

std::string CacheEngine(PriceContext& ctx) { return Lower(ctx.Str("engine").value_or("redis")); }

// Node hours, on demand or reserved per the usage file (an all-upfront reservation has no
// monthly charge).
void PriceCacheNodes(PriceContext& ctx, const std::string& node_type, double nodes, bool autoscaling = false) {
  const std::string term = ReservedTerm(ctx.UsageStr("reserved_instance_term").value_or(""));
  if (term.empty()) {
    ctx.Add("ElastiCache (on-demand, " + node_type + (autoscaling ? ", autoscaling)" : ")"), "hours", kHoursPerMonth * nodes,
            "elasticache.node." + node_type);
    return;
  }
  const std::string payment = Lower(ctx.UsageStr("reserved_instance_payment_option").value_or("no_upfront"));
  const std::string name = "ElastiCache (reserved, " + node_type + ")";
  if (payment == "all_upfront") {
    ctx.AddPriced(name, "hours", kHoursPerMonth * nodes, 0, "elasticache.reserved (all upfront)");
  } else {
    ctx.Add(name, "hours", kHoursPerMonth * nodes, "elasticache.reserved." + node_type + "." + term + "." + payment);
  }
}

void PriceElasticacheCluster(PriceContext& ctx) {
  if (ctx.attrs().contains("replication_group_id") && !ctx.attrs()["replication_group_id"].is_null()) return;
  auto node = ctx.Str("node_type");
  if (!node) {
    ctx.Fail("node_type is unknown");
    return;
  }
  PriceCacheNodes(ctx, *node, ctx.Num("num_cache_nodes").value_or(1));
  double retention = ctx.Num("snapshot_retention_limit").value_or(0);
  if (CacheEngine(ctx) == "redis" && retention > 1) {
    ctx.Add("Backup storage", "GB", ctx.UsageNum("snapshot_storage_size_gb"), "elasticache.backup");
  }
}

void PriceElasticacheReplicationGroup(PriceContext& ctx) {
  auto node = ctx.Str("node_type");
  if (!node) {
    ctx.Fail("node_type is unknown");
    return;
  }
  double nodes = ctx.Num("num_cache_clusters").value_or(ctx.Num("number_cache_clusters").value_or(1));
  bool autoscaling = false;
  if (auto shards = ctx.Num("num_node_groups")) {
    // Cluster mode: shards x (1 primary + replicas), either of which autoscaling may set.
    const std::string id = "replication-group/" + StringAttr(ctx.attrs(), "replication_group_id", "");
    auto scaled_shards = ScalableCapacity(ctx, "elasticache:replication-group:NodeGroups", id);
    auto scaled_replicas = ScalableCapacity(ctx, "elasticache:replication-group:Replicas", id);
    autoscaling = scaled_shards || scaled_replicas;
    nodes = scaled_shards.value_or(*shards) * (1 + scaled_replicas.value_or(ctx.Num("replicas_per_node_group").value_or(0)));
  }
  PriceCacheNodes(ctx, *node, nodes, autoscaling);
}

// Billable gp3 throughput per node: 125 MiB/s is free up to 170 GB, above that 250 MiB/s per
// started 3 TB (at most 1,000 MiB/s).
double BillableGp3Throughput(double throughput, double storage_gb) {
  if (storage_gb <= 170) return std::max(0.0, throughput - 125);
  const double free = std::min(1000.0, std::ceil(storage_gb / 3000) * 250);
  return std::max(0.0, throughput - free);
}

// OpenSearch (and Elasticsearch) domains: data nodes, EBS storage per domain as Infracost counts
// it, gp3 throughput and io1 IOPS, dedicated masters and UltraWarm nodes.
void PriceOpensearchDomain(PriceContext& ctx) {
  auto search_type = [](std::string t) {
    const size_t es = t.find(".elasticsearch");
    if (es != std::string::npos) t.replace(es, 14, ".search");
    return t;
  };
  nlohmann::json none = nlohmann::json::object();
  const auto clusters = ctx.Blocks("cluster_config");
  const nlohmann::json& cc = clusters.empty() ? none : clusters[0];
  const std::string type = search_type(ctx.Str("instance_type", &cc).value_or("m4.large.search"));
  const double count = ctx.Num("instance_count", &cc).value_or(1);
  ctx.Add("Instance (on-demand, " + type + ")", "hours", kHoursPerMonth * count, "opensearch.instance." + type);
  for (const auto& ebs : ctx.Blocks("ebs_options")) {
    if (!ctx.Bool("ebs_enabled", &ebs).value_or(false)) continue;
    const std::string vt = ctx.Str("volume_type", &ebs).value_or("gp2");
    const double gb = ctx.Num("volume_size", &ebs).value_or(10);
    ctx.Add("Storage (" + vt + ")", "GB", gb, "opensearch.storage." + vt);
    if (vt == "gp3") {
      if (auto throughput = ctx.Num("throughput", &ebs)) {
        const double paid = BillableGp3Throughput(*throughput, gb) * count;
        if (paid > 0) ctx.Add("Throughput (gp3)", "Mbps", paid, "opensearch.gp3_throughput");
      }
    } else if (vt == "io1") {
      ctx.Add("Storage IOPS (io1)", "IOPS", std::max(1.0, ctx.Num("iops", &ebs).value_or(1)), "opensearch.io1_iops");
    }
  }
  if (ctx.Bool("dedicated_master_enabled", &cc).value_or(false)) {
    const std::string mtype = search_type(ctx.Str("dedicated_master_type", &cc).value_or("m4.large.search"));
    ctx.Add("Dedicated master (on-demand, " + mtype + ")", "hours",
            kHoursPerMonth * ctx.Num("dedicated_master_count", &cc).value_or(3), "opensearch.instance." + mtype);
  }
  if (ctx.Bool("warm_enabled", &cc).value_or(false)) {
    const auto wtype = ctx.Str("warm_type", &cc);
    const double wcount = ctx.Num("warm_count", &cc).value_or(0);
    if (wtype && wcount > 0) {
      ctx.Add("UltraWarm instance (on-demand, " + search_type(*wtype) + ")", "hours", kHoursPerMonth * wcount,
              "opensearch.instance." + search_type(*wtype));
    }
  }
}

}  // namespace

const std::vector<ResourcePricer>& DatabasePricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_db_instance", "RDS", PriceDbInstance},
      {"aws_rds_cluster", "RDS", PriceRdsCluster},
      {"aws_rds_cluster_instance", "RDS", PriceRdsClusterInstance},
      {"aws_docdb_cluster_instance", "DocumentDB", PriceDocdbInstance},
      {"aws_docdb_cluster", "DocumentDB", PriceDocdbBackup},
      {"aws_docdb_cluster_snapshot", "DocumentDB", PriceDocdbBackup},
      {"aws_neptune_cluster", "Neptune", PriceNeptuneCluster},
      {"aws_neptune_cluster_instance", "Neptune", PriceNeptuneInstance},
      {"aws_neptune_cluster_snapshot", "Neptune", PriceNeptuneSnapshot},
      {"aws_dynamodb_table", "DynamoDB", PriceDynamodbTable},
      {"aws_elasticache_cluster", "ElastiCache", PriceElasticacheCluster},
      {"aws_elasticache_replication_group", "ElastiCache", PriceElasticacheReplicationGroup},
      {"aws_opensearch_domain", "OpenSearch", PriceOpensearchDomain},
      {"aws_elasticsearch_domain", "OpenSearch", PriceOpensearchDomain},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
