// RDS instances and Aurora clusters.

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

// The engine as the price list names it, with the licence folded in where it changes the price.
std::string EngineKey(const std::string& engine, const std::string& license_model) {
  if (engine == "aurora") return "aurora-mysql";
  if (engine.rfind("oracle", 0) == 0) {
    // Oracle Enterprise Edition is only offered bring-your-own-licence on RDS.
    if (license_model == "bring-your-own-license" || engine.rfind("oracle-ee", 0) == 0) return "oracle-byol";
    std::string e = engine;
    if (e.size() > 4 && e.substr(e.size() - 4) == "-cdb") e = e.substr(0, e.size() - 4);
    return e;
  }
  return engine;
}

bool IsAurora(const std::string& engine_key) { return engine_key.rfind("aurora", 0) == 0; }

// Major versions past their standard support end (RDS Extended Support, year 1 pricing).
bool InExtendedSupport(const std::string& engine, const std::string& version) {
  auto major_is = [&](const std::string& m) { return version == m || version.rfind(m + ".", 0) == 0; };
  if (engine == "mysql" || engine == "aurora" || engine == "aurora-mysql") return major_is("5.7");
  if (engine == "postgres" || engine == "aurora-postgresql") return major_is("11") || major_is("12");
  return false;
}

std::optional<double> Vcpus(PriceContext& ctx, const std::string& instance_class) {
  auto p = ctx.HasPrice("specs.vcpu." + instance_class) ? ctx.Price("specs.vcpu." + instance_class) : std::nullopt;
  return p;
}

}  // namespace

// Adds instance hours, CPU credits, Performance Insights and Extended Support for one database
// instance of `engine` (shared by aws_db_instance and aws_rds_cluster_instance).
void PriceRdsInstanceCore(PriceContext& ctx, const std::string& engine, const std::string& instance_class, bool multi_az) {
  const std::string license = ctx.Str("license_model").value_or("");
  const std::string ek = EngineKey(engine, license);
  const std::string az = multi_az ? "multi_az" : "single_az";
  const std::string az_label = multi_az ? "Multi-AZ" : "Single-AZ";
  const bool cluster_member = ctx.resource().type == "aws_rds_cluster_instance";
  const std::string label_az = cluster_member ? "" : ", " + az_label;
  const double hours = ctx.UsageNum("monthly_hrs").value_or(kHoursPerMonth);
  const std::string term = ReservedTerm(ctx.UsageStr("reserved_instance_term").value_or(""));
  if (!term.empty()) {
    const std::string payment = Lower(ctx.UsageStr("reserved_instance_payment_option").value_or("no_upfront"));
    if (payment == "all_upfront") {
      ctx.AddPriced("Database instance (reserved" + label_az + ", " + instance_class + ")", "hours", hours, 0,
                    "rds.reserved (all upfront)");
    } else {
      ctx.Add("Database instance (reserved" + label_az + ", " + instance_class + ")", "hours", hours,
              "rds.reserved." + ek + "." + az + "." + instance_class + "." + term + "." + payment);
    }
  } else {
    ctx.Add("Database instance (on-demand" + label_az + ", " + instance_class + ")", "hours", hours,
            "rds.instance." + ek + "." + az + "." + instance_class);
  }
  const auto vcpus = Vcpus(ctx, instance_class);
  if (instance_class.rfind("db.t", 0) == 0) {
    auto credit_hrs = ctx.UsageNum("monthly_cpu_credit_hrs");
    if (credit_hrs) {
      ctx.Add("CPU credits", "vCPU-hours", *credit_hrs * ctx.UsageNum("vcpu_count").value_or(vcpus.value_or(1)),
              IsAurora(ek) ? "rds.cpu_credits.aurora" : "rds.cpu_credits");
    }
  }
  if (ctx.Bool("performance_insights_enabled").value_or(false)) {
    if (ctx.Num("performance_insights_retention_period").value_or(7) > 7) {
      if (vcpus) {
        ctx.Add("Performance Insights Long Term Retention (" + instance_class + ")", "vCPU-month", *vcpus,
                "rds.performance_insights." + instance_class);
      } else {
        ctx.Note("vCPU count of " + instance_class + " unknown: Performance Insights retention not priced");
      }
    }
    auto req = ctx.UsageNum("monthly_additional_performance_insights_requests");
    ctx.Add("Performance Insights API", "1000 requests", req ? std::optional<double>(*req / 1000) : std::nullopt,
            "rds.performance_insights_api");
  }
  if (InExtendedSupport(engine, ctx.Str("engine_version").value_or(""))) {
    if (vcpus) {
      ctx.Add("Extended support (year 1)", "vCPU-hours", *vcpus * kHoursPerMonth, "rds.extended_support." + ek);
    } else {
      ctx.Note("vCPU count of " + instance_class + " unknown: Extended Support not priced");
    }
  }
}

void PriceDbInstance(PriceContext& ctx) {
  auto instance_class = ctx.Str("instance_class");
  if (!instance_class) {
    ctx.Fail(ctx.IsUnknownAttr("instance_class") ? "instance_class is unknown before apply" : "no instance_class");
    return;
  }
  // A replica without an engine takes its source's; MySQL is the usual case and the price list's.
  const std::string engine = ctx.Str("engine").value_or("mysql");
  const bool multi_az = ctx.Bool("multi_az").value_or(false);
  PriceRdsInstanceCore(ctx, engine, *instance_class, multi_az);
  const double factor = multi_az ? 2 : 1;  // Multi-AZ stores (and bills) a standby copy
  std::string storage = ctx.Str("storage_type").value_or("gp2");
  double gb = ctx.Num("allocated_storage").value_or(20);
  std::optional<double> iops = ctx.Num("iops");
  if (storage == "io1" || storage == "io2") {
    gb = std::max(gb, 100.0);  // RDS's minimums for provisioned IOPS storage
    double provisioned = std::max(iops.value_or(1000), 1000.0);
    ctx.Add("Storage (provisioned IOPS SSD, " + storage + ")", "GB", gb, "rds.storage." + storage, factor);
    ctx.Add("Provisioned IOPS", "IOPS", provisioned, "rds.iops." + storage, factor);
  } else if (storage == "gp3") {
    ctx.Add("Storage (general purpose SSD, gp3)", "GB", gb, "rds.storage.gp3", factor);
    // gp3 includes 3,000 IOPS below 400 GB and 12,000 from 400 GB.
    const double baseline = gb < 400 ? 3000 : 12000;
    if (iops && *iops > baseline) {
      ctx.Add(baseline == 3000 ? "Provisioned GP3 IOPS (above 3,000)" : "Provisioned GP3 IOPS (above 12,000)", "IOPS",
              *iops - baseline, "rds.iops.gp3", factor);
    }
  } else if (storage == "standard") {
    ctx.Add("Storage (magnetic)", "GB", gb, "rds.storage.standard", factor);
    auto io = ctx.UsageNum("monthly_standard_io_requests");
    ctx.Add("I/O requests", "1M requests", io ? std::optional<double>(*io / 1e6) : std::nullopt, "rds.io.standard");
  } else {
    ctx.Add("Storage (general purpose SSD, gp2)", "GB", gb, "rds.storage.gp2", factor);
  }
  auto backup = ctx.UsageNum("additional_backup_storage_gb");
  if (backup || ctx.Num("backup_retention_period").value_or(0) > 0) {
    const bool aurora = IsAurora(EngineKey(engine, ""));
    ctx.Add("Additional backup storage", "GB", backup, aurora ? "rds.backup.aurora" : "rds.backup");
  }
}

void PriceRdsClusterInstance(PriceContext& ctx) {
  auto instance_class = ctx.Str("instance_class");
  if (!instance_class) {
    ctx.Fail(ctx.IsUnknownAttr("instance_class") ? "instance_class is unknown before apply" : "no instance_class");
    return;
  }
  std::string engine = ctx.Str("engine").value_or("");
  const Resource* cluster = nullptr;
  for (const auto& [arg, refs] : ctx.resource().references) {
    for (const auto& text : refs) {
      if (!cluster) cluster = FindReferenced(ctx.model(), "aws_rds_cluster", text);
    }
  }
  if (engine.empty() && cluster != nullptr) engine = StringAttr(cluster->attributes, "engine", "aurora-mysql");
  if (engine.empty() || engine == "aurora") engine = "aurora-mysql";
  const bool io_optimized = cluster != nullptr && StringAttr(cluster->attributes, "storage_type", "") == "aurora-iopt1";
  const std::string ek = EngineKey(engine, "");
  if (*instance_class == "db.serverless") {
    auto acu = ctx.UsageNum("capacity_units_per_hr");
    const std::string suffix = io_optimized ? " (I/O-optimized)" : "";
    ctx.Add("Aurora serverless v2" + suffix, "ACU-hours", acu ? std::optional<double>(*acu * kHoursPerMonth) : std::nullopt,
            "rds.serverless_v2." + ek + (io_optimized ? ".iopt" : ""));
    if (ctx.Bool("performance_insights_enabled").value_or(false)) {
      if (ctx.Num("performance_insights_retention_period").value_or(7) > 7 && acu) {
        ctx.Add("Performance Insights Long Term Retention (serverless)", "ACUs", *acu,
                "rds.performance_insights.serverless");
      }
      auto req = ctx.UsageNum("monthly_additional_performance_insights_requests");
      ctx.Add("Performance Insights API", "1000 requests", req ? std::optional<double>(*req / 1000) : std::nullopt,
              "rds.performance_insights_api");
    }
    return;
  }
  PriceRdsInstanceCore(ctx, engine, *instance_class + (io_optimized ? "" : ""), false);
}

void PriceRdsCluster(PriceContext& ctx) {
  const std::string engine_mode = ctx.Str("engine_mode").value_or("provisioned");
  const bool io_optimized = ctx.Str("storage_type").value_or("") == "aurora-iopt1";
  std::string engine = ctx.Str("engine").value_or("aurora-mysql");
  if (engine == "aurora") engine = "aurora-mysql";
  if (engine_mode == "serverless") {
    auto acu = ctx.UsageNum("capacity_units_per_hr");
    ctx.Add("Aurora serverless", "ACU-hours", acu ? std::optional<double>(*acu * kHoursPerMonth) : std::nullopt,
            "rds.serverless_v1." + engine);
  }
  auto gb = ctx.UsageNum("storage_gb");
  ctx.Add(io_optimized ? "Storage (I/O-optimized)" : "Storage", "GB", gb,
          io_optimized ? "rds.aurora_storage_iopt" : "rds.aurora_storage");
  auto io = ctx.UsageNum("monthly_io_requests");
  ctx.Add("I/O requests", "1M requests", io ? std::optional<double>(*io / 1e6) : std::nullopt, "rds.aurora_io");
  auto backup = ctx.UsageNum("backup_snapshot_size_gb");
  if (backup) ctx.Add("Backup storage", "GB", *backup, "rds.backup.aurora");
  if (engine == "aurora-mysql") {
    auto cr = ctx.UsageNum("average_statements_per_hr");
    ctx.Add("Backtrack", "1M change-records",
            cr ? std::optional<double>(*cr * kHoursPerMonth * ctx.Num("backtrack_window").value_or(0) / 3600 / 1e6)
               : std::nullopt,
            "rds.aurora_backtrack");
  }
  ctx.Add("Snapshot export", "GB", ctx.UsageNum("backup_snapshot_size_gb"), "rds.aurora_snapshot_export");
}

}  // namespace faber::reconciler::cost
