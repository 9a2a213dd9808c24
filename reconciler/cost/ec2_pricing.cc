// Shared EC2 and EBS pricing: used by instances, launch templates, node groups and volumes.

#include <re2/re2.h>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

std::string OsLabel(const std::string& os) {
  if (os == "windows") return "Windows";
  if (os == "rhel") return "RHEL";
  if (os == "suse") return "SUSE";
  return "Linux/UNIX";
}

std::string Family(const std::string& instance_type) { return instance_type.substr(0, instance_type.find('.')); }

bool Burstable(const std::string& family) { return family.size() >= 2 && family[0] == 't' && isdigit(family[1]); }

}  // namespace

std::string StringAttr(const nlohmann::json& attrs, const std::string& key, const std::string& fallback) {
  auto it = attrs.is_object() ? attrs.find(key) : attrs.end();
  return it != attrs.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ReservedTerm(const std::string& usage_value) {
  const std::string v = Lower(usage_value);  // as the usage check accepts it
  if (v == "1_year" || v == "1yr" || v == "1") return "1yr";
  if (v == "3_year" || v == "3yr" || v == "3") return "3yr";
  return "";
}

EbsVolume EbsVolumeFromBlock(PriceContext& ctx, const nlohmann::json& block, double default_size) {
  EbsVolume v;
  v.size_gb = ctx.Num("volume_size", &block).value_or(default_size);
  v.type = ctx.Str("volume_type", &block).value_or("gp2");
  v.iops = ctx.Num("iops", &block);
  v.throughput_mbps = ctx.Num("throughput", &block);
  return v;
}

void PriceEbsVolume(PriceContext& ctx, const EbsVolume& v) {
  const std::string& t = v.type;
  if (t == "gp2") {
    ctx.Add("Storage (general purpose SSD, gp2)", "GB", v.size_gb, "ebs.gp2.storage");
  } else if (t == "gp3") {
    ctx.Add("Storage (general purpose SSD, gp3)", "GB", v.size_gb, "ebs.gp3.storage");
    // 3,000 IOPS and 125 MB/s are included; only what is provisioned above is billed.
    if (v.throughput_mbps && *v.throughput_mbps > 125) {
      ctx.Add("Provisioned throughput", "Mbps", *v.throughput_mbps - 125, "ebs.gp3.throughput");
    }
    if (v.iops && *v.iops > 3000) ctx.Add("Provisioned IOPS", "IOPS", *v.iops - 3000, "ebs.gp3.iops");
  } else if (t == "io1" || t == "io2") {
    ctx.Add("Storage (provisioned IOPS SSD, " + t + ")", "GB", v.size_gb, "ebs." + t + ".storage");
    ctx.Add("Provisioned IOPS", "IOPS", v.iops.value_or(0), "ebs." + t + ".iops");
  } else if (t == "st1") {
    ctx.Add("Storage (throughput optimized HDD, st1)", "GB", v.size_gb, "ebs.st1.storage");
  } else if (t == "sc1") {
    ctx.Add("Storage (cold HDD, sc1)", "GB", v.size_gb, "ebs.sc1.storage");
  } else if (t == "standard") {
    ctx.Add("Storage (magnetic)", "GB", v.size_gb, "ebs.standard.storage");
    auto io = ctx.UsageNum("monthly_standard_io_requests");
    ctx.Add("I/O requests", "1M request", io ? std::optional<double>(*io / 1e6) : std::nullopt, "ebs.standard.io");
  } else {
    ctx.Note("unknown EBS volume type '" + t + "'");
  }
}

void PriceEc2Instances(PriceContext& ctx, const Ec2Spec& spec) {
  const std::string& type = spec.instance_type;
  const double hours = ctx.UsageNum("monthly_hrs").value_or(kHoursPerMonth) * spec.count;
  const std::string ri_type = Lower(ctx.UsageStr("reserved_instance_type").value_or("standard"));
  const std::string term = ReservedTerm(ctx.UsageStr("reserved_instance_term").value_or(""));
  const std::string payment = Lower(ctx.UsageStr("reserved_instance_payment_option").value_or("no_upfront"));
  const std::string os = OsLabel(spec.os);
  if (!term.empty()) {
    // Reserved: the hourly recurring fee. All-upfront reservations have none; the upfront payment
    // is a one-off, not a monthly cost.
    const std::string name = "Instance usage (" + os + ", reserved, " + type + ")";
    if (payment == "all_upfront") {
      ctx.AddPriced(name, "hours", hours, 0, "ec2.reserved (all upfront)");
    } else {
      ctx.Add(name, "hours", hours, "ec2.reserved." + spec.os + "." + type + "." + ri_type + "." + term + "." + payment);
    }
  } else {
    const std::string key = spec.tenancy == "dedicated" ? "ec2.instance_dedicated." : "ec2.instance.";
    ctx.Add("Instance usage (" + os + ", on-demand, " + type + ")", "hours", hours, key + spec.os + "." + type);
  }
  // Instance types that are EBS-optimized by default have no surcharge price (or a zero one).
  if (spec.ebs_optimized && ctx.HasPrice("ec2.ebs_optimized." + type)) {
    ctx.Add("EBS-optimized usage", "hours", hours, "ec2.ebs_optimized." + type);
  }
  if (spec.detailed_monitoring) {
    // Detailed monitoring publishes 7 metrics per instance at the CloudWatch metric price.
    ctx.Add("EC2 detailed monitoring", "metrics", 7 * spec.count, "cloudwatch.metric_first_10k");
  }
  const std::string family = Family(type);
  if (Burstable(family)) {
    std::string credits = spec.cpu_credits.empty() ? (family == "t2" ? "standard" : "unlimited") : spec.cpu_credits;
    auto hrs = ctx.UsageNum("monthly_cpu_credit_hrs");
    auto vcpus = ctx.UsageNum("vcpu_count");
    if (credits == "unlimited" && hrs && *hrs > 0) {
      ctx.Add("CPU credits", "vCPU-hours", *hrs * vcpus.value_or(1) * spec.count,
              "ec2.cpu_credits." + std::string(family == "t2" ? "t2" : "t3"));
    }
  }
}

const Resource* FindReferenced(const ResourceModel& model, const std::string& type, const std::string& text) {
  const re2::RE2 re("(" + re2::RE2::QuoteMeta(type) + ")\\.([A-Za-z0-9_-]+)(\\[[^\\]]*\\])?");
  std::string name, index;
  if (!re2::RE2::PartialMatch(text, re, static_cast<void*>(nullptr), &name, &index)) return nullptr;
  // With an index ("aws_launch_configuration.x[1].id"), the instance at that index.
  const std::string indexed = !index.empty() ? type + "." + name + index : "";
  const Resource* first = nullptr;
  for (const auto& r : model.resources) {
    if (r.mode != ResourceMode::kManaged || r.type != type || r.name != name) continue;
    if (!indexed.empty() && r.address.size() >= indexed.size() &&
        r.address.compare(r.address.size() - indexed.size(), indexed.size(), indexed) == 0) {
      return &r;
    }
    if (first == nullptr) first = &r;
  }
  return first;
}

const Resource* FindLaunchTemplate(const ResourceModel& model, const nlohmann::json& block) {
  for (const char* key : {"id", "name"}) {
    if (!block.contains(key)) continue;
    const nlohmann::json& v = block.at(key);
    if (IsUnknown(v)) {
      if (const Resource* r = FindReferenced(model, "aws_launch_template", v.begin()->get<std::string>())) return r;
    } else if (v.is_string()) {
      for (const Resource* r : model.OfType("aws_launch_template")) {
        auto name = r->attributes.find("name");
        if (name != r->attributes.end() && name->is_string() && *name == v) return r;
      }
    }
  }
  return nullptr;
}

}  // namespace faber::reconciler::cost
