// EC2, EBS, EKS, ECS/Fargate and Lightsail.

#include <cmath>
#include <map>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

// A launch template's EC2 settings, overridden by those set on the resource itself.
struct LaunchSettings {
  std::optional<std::string> instance_type;
  std::optional<std::string> tenancy;
  std::optional<bool> ebs_optimized;
  std::optional<bool> monitoring;
  std::optional<std::string> cpu_credits;
  std::vector<std::pair<std::string, EbsVolume>> volumes;  // device name -> volume
};

LaunchSettings ReadLaunchTemplate(PriceContext& ctx, const nlohmann::json& lt) {
  LaunchSettings s;
  s.instance_type = ctx.Str("instance_type", &lt);
  s.ebs_optimized = ctx.Bool("ebs_optimized", &lt);
  for (const auto& m : ctx.Blocks("monitoring", &lt)) s.monitoring = ctx.Bool("enabled", &m);
  for (const auto& c : ctx.Blocks("credit_specification", &lt)) s.cpu_credits = ctx.Str("cpu_credits", &c);
  for (const auto& p : ctx.Blocks("placement", &lt)) s.tenancy = ctx.Str("tenancy", &p);
  for (const auto& bdm : ctx.Blocks("block_device_mappings", &lt)) {
    for (const auto& ebs : ctx.Blocks("ebs", &bdm)) {
      s.volumes.emplace_back(ctx.Str("device_name", &bdm).value_or(""), EbsVolumeFromBlock(ctx, ebs, 8));
    }
  }
  return s;
}

// A launch configuration: detailed monitoring is on unless enable_monitoring = false; the root
// volume (8 GB gp2 unless set) and EBS block devices.
LaunchSettings ReadLaunchConfiguration(PriceContext& ctx, const nlohmann::json& lc) {
  LaunchSettings s;
  s.instance_type = ctx.Str("instance_type", &lc);
  s.ebs_optimized = ctx.Bool("ebs_optimized", &lc);
  s.monitoring = ctx.Bool("enable_monitoring", &lc).value_or(true);
  s.tenancy = ctx.Str("placement_tenancy", &lc);
  const auto roots = ctx.Blocks("root_block_device", &lc);
  s.volumes.emplace_back("root", roots.empty() ? EbsVolume{} : EbsVolumeFromBlock(ctx, roots[0], 8));
  for (const auto& ebs : ctx.Blocks("ebs_block_device", &lc)) {
    s.volumes.emplace_back(ctx.Str("device_name", &ebs).value_or(""), EbsVolumeFromBlock(ctx, ebs, 8));
  }
  return s;
}

void PriceVolumes(PriceContext& ctx, const std::vector<std::pair<std::string, EbsVolume>>& volumes,
                  const std::string& label, double count) {
  for (size_t i = 0; i < volumes.size(); ++i) {
    EbsVolume v = volumes[i].second;
    v.size_gb *= count;
    if (v.iops) *v.iops *= count;
    ctx.set_prefix(label + "[" + std::to_string(i) + "]: ");
    PriceEbsVolume(ctx, v);
  }
  ctx.set_prefix("");
}

void PriceInstance(PriceContext& ctx) {
  const nlohmann::json& a = ctx.attrs();
  LaunchSettings lt;
  for (const auto& block : ctx.Blocks("launch_template")) {
    if (const Resource* r = FindLaunchTemplate(ctx.model(), block)) lt = ReadLaunchTemplate(ctx, r->attributes);
  }
  const std::string tenancy = ctx.Str("tenancy").value_or(lt.tenancy.value_or("default"));
  const bool on_host = a.contains("host_id") && !a["host_id"].is_null();
  if (tenancy == "host" && !on_host) {
    ctx.Fail("an instance with host tenancy is billed through its dedicated host, which is not named");
    return;
  }
  if (!on_host) {
    Ec2Spec spec;
    auto type = ctx.Str("instance_type");
    if (!type) type = lt.instance_type;
    if (!type) {
      ctx.Fail(ctx.IsUnknownAttr("instance_type") ? "instance_type is unknown before apply" : "no instance_type");
      return;
    }
    spec.instance_type = *type;
    spec.tenancy = tenancy;
    spec.os = Lower(ctx.UsageStr("operating_system").value_or("linux"));
    spec.ebs_optimized = ctx.Bool("ebs_optimized").value_or(lt.ebs_optimized.value_or(false));
    spec.detailed_monitoring = ctx.Bool("monitoring").value_or(lt.monitoring.value_or(false));
    spec.cpu_credits = lt.cpu_credits.value_or("");
    for (const auto& c : ctx.Blocks("credit_specification")) spec.cpu_credits = ctx.Str("cpu_credits", &c).value_or("");
    PriceEc2Instances(ctx, spec);
  }
  auto roots = ctx.Blocks("root_block_device");
  ctx.set_prefix("root_block_device: ");
  PriceEbsVolume(ctx, roots.empty() ? EbsVolume{} : EbsVolumeFromBlock(ctx, roots[0], 8));
  ctx.set_prefix("");
  // The instance's own ebs_block_device blocks come first; a launch template volume on the same
  // device takes the instance's settings over its own.
  std::vector<std::pair<std::string, EbsVolume>> volumes;
  for (const auto& b : ctx.Blocks("ebs_block_device")) {
    std::string device = ctx.Str("device_name", &b).value_or("");
    EbsVolume v = EbsVolumeFromBlock(ctx, b, 8);
    for (const auto& [lt_device, lt_volume] : lt.volumes) {
      if (lt_device == device && !b.contains("volume_type")) {
        v.type = lt_volume.type;
        if (!v.iops) v.iops = lt_volume.iops;
      }
    }
    volumes.emplace_back(device, v);
  }
  for (const auto& [device, v] : lt.volumes) {
    bool overridden = false;
    for (const auto& [d, unused] : volumes) overridden = overridden || d == device;
    if (!overridden) volumes.emplace_back(device, v);
  }
  PriceVolumes(ctx, volumes, "ebs_block_device", 1);
}

void PriceEbsVolumeResource(PriceContext& ctx) {
  EbsVolume v = EbsVolumeFromBlock(ctx, ctx.attrs(), 0);
  v.type = ctx.Str("type").value_or("gp2");
  if (!ctx.Num("size")) {
    if (ctx.IsUnknownAttr("size")) ctx.Note("size is unknown before apply; priced from usage or 0 GB");
  }
  v.size_gb = ctx.Num("size").value_or(ctx.UsageNum("storage_gb").value_or(0));
  PriceEbsVolume(ctx, v);
}

void PriceSnapshotStorage(PriceContext& ctx) {
  ctx.Add("EBS snapshot storage", "GB", ctx.UsageNum("monthly_storage_gb"), "ebs.snapshot.storage");
}

void PriceEbsSnapshot(PriceContext& ctx) {
  // Without usage a snapshot is assumed to hold its volume's size, as a full first snapshot does.
  std::optional<double> gb = ctx.UsageNum("monthly_storage_gb");
  if (!gb) {
    for (const auto& ref : ctx.resource().references) {
      if (ref.first != "volume_id") continue;
      for (const auto& text : ref.second) {
        if (const Resource* vol = FindReferenced(ctx.model(), "aws_ebs_volume", text)) {
          gb = vol->attributes.contains("size") && vol->attributes["size"].is_number()
                   ? std::optional<double>(vol->attributes["size"].get<double>()) : std::nullopt;
        }
      }
    }
  }
  ctx.Add("EBS snapshot storage", "GB", gb, "ebs.snapshot.storage");
  ctx.Add("Fast snapshot restore", "DSU-hours", ctx.UsageNum("fast_snapshot_restore_hours"), "ebs.snapshot.fsr");
  auto per_k = [&](const char* key) -> std::optional<double> {
    auto v = ctx.UsageNum(key);
    return v ? std::optional<double>(*v / 1000) : std::nullopt;
  };
  ctx.Add("ListChangedBlocks & ListSnapshotBlocks API requests", "1k requests", per_k("monthly_list_block_requests"),
          "ebs.snapshot.api_list");
  ctx.Add("GetSnapshotBlock API requests", "1k SnapshotAPIUnits", per_k("monthly_get_block_requests"), "ebs.snapshot.api_get");
  ctx.Add("PutSnapshotBlock API requests", "1k SnapshotAPIUnits", per_k("monthly_put_block_requests"), "ebs.snapshot.api_put");
}

void PriceEbsSnapshotCopy(PriceContext& ctx) {
  std::optional<double> gb = ctx.UsageNum("monthly_storage_gb");
  for (const auto& ref : ctx.resource().references) {
    for (const auto& text : ref.second) {
      const Resource* snap = FindReferenced(ctx.model(), "aws_ebs_snapshot", text);
      if (gb || snap == nullptr) continue;
      for (const auto& vref : snap->references) {
        for (const auto& vtext : vref.second) {
          const Resource* vol = FindReferenced(ctx.model(), "aws_ebs_volume", vtext);
          if (vol != nullptr && vol->attributes.contains("size") && vol->attributes["size"].is_number()) {
            gb = vol->attributes["size"].get<double>();
          }
        }
      }
    }
  }
  ctx.Add("EBS snapshot storage", "GB", gb, "ebs.snapshot.storage");
}

std::string HostFamily(PriceContext& ctx) {
  if (auto f = ctx.Str("instance_family")) return *f;
  auto t = ctx.Str("instance_type");
  return t ? t->substr(0, t->find('.')) : "";
}

void PriceEc2Host(PriceContext& ctx) {
  std::string family = HostFamily(ctx);
  if (family.empty()) {
    ctx.Fail("instance_family / instance_type is unknown");
    return;
  }
  const double hours = ctx.UsageNum("monthly_hrs").value_or(kHoursPerMonth);
  const std::string term = ReservedTerm(ctx.UsageStr("reserved_instance_term").value_or(""));
  if (!term.empty()) {
    const std::string payment = Lower(ctx.UsageStr("reserved_instance_payment_option").value_or("no_upfront"));
    if (payment == "all_upfront") {
      ctx.AddPriced("EC2 Dedicated Host (reserved, " + family + ")", "hours", hours, 0, "ec2.host_reserved (all upfront)");
      return;
    }
    ctx.Add("EC2 Dedicated Host (reserved, " + family + ")", "hours", hours,
            "ec2.host_reserved." + family + "." + term + "." + payment);
  } else {
    ctx.Add("EC2 Dedicated Host (on-demand, " + family + ")", "hours", hours, "ec2.host." + family);
  }
}

void PriceEksNodeGroup(PriceContext& ctx) {
  double count = 1;
  for (const auto& sc : ctx.Blocks("scaling_config")) count = ctx.Num("desired_size", &sc).value_or(1);
  count = ctx.UsageNum("instances").value_or(count);
  LaunchSettings lt;
  std::string lt_label;
  for (const auto& block : ctx.Blocks("launch_template")) {
    if (const Resource* r = FindLaunchTemplate(ctx.model(), block)) {
      lt = ReadLaunchTemplate(ctx, r->attributes);
      lt_label = r->address + ": ";
    }
  }
  Ec2Spec spec;
  spec.count = count;
  const nlohmann::json& a = ctx.attrs();
  if (a.contains("instance_types") && a["instance_types"].is_array() && !a["instance_types"].empty() &&
      a["instance_types"][0].is_string()) {
    spec.instance_type = a["instance_types"][0].get<std::string>();
  } else if (lt.instance_type) {
    spec.instance_type = *lt.instance_type;
  } else if (ctx.IsUnknownAttr("instance_types")) {
    ctx.Fail("instance_types is unknown before apply");
    return;
  } else {
    spec.instance_type = "t3.medium";  // EKS's default for managed node groups
  }
  spec.os = Lower(ctx.UsageStr("operating_system").value_or("linux"));
  spec.ebs_optimized = lt.ebs_optimized.value_or(false);
  spec.detailed_monitoring = lt.monitoring.value_or(false);
  spec.cpu_credits = lt.cpu_credits.value_or("");
  ctx.set_prefix(lt_label);
  PriceEc2Instances(ctx, spec);
  if (!lt_label.empty()) {
    PriceVolumes(ctx, lt.volumes, lt_label + "block_device_mapping", count);
  } else {
    EbsVolume disk;
    disk.size_gb = ctx.Num("disk_size").value_or(20) * count;
    PriceEbsVolume(ctx, disk);
  }
}

// Kubernetes minor versions past EKS standard support at the catalog's date (1.32's ended
// 2026-03-23): such clusters bill the extended-support rate instead of the standard one.
constexpr int kLastMinorOutOfStandardSupport = 32;

void PriceEksCluster(PriceContext& ctx) {
  const std::string version = ctx.Str("version").value_or("");
  int minor = -1;
  if (version.rfind("1.", 0) == 0) {
    try {
      minor = std::stoi(version.substr(2));
    } catch (const std::exception&) {
    }
  }
  if (minor >= 0 && minor <= kLastMinorOutOfStandardSupport) {
    ctx.Add("EKS cluster (extended support)", "hours", kHoursPerMonth, "eks.cluster_extended_support");
  } else {
    ctx.Add("EKS cluster", "hours", kHoursPerMonth, "eks.cluster");
  }
}

void PriceEksFargateProfile(PriceContext& ctx) {
  double pods = ctx.UsageNum("monthly_pods").value_or(1);  // Fargate bills per running pod
  double hours = ctx.UsageNum("pod_duration_hrs").value_or(kHoursPerMonth);
  // One pod of 1 vCPU and 1 GB around the clock unless the usage file says otherwise (as Infracost).
  double vcpu = ctx.UsageNum("vcpu").value_or(1), gb = ctx.UsageNum("memory_gb").value_or(1);
  ctx.Add("Per GB per hour", "GB", pods * gb * hours, "fargate.gb_hour");
  ctx.Add("Per vCPU per hour", "CPU", pods * vcpu * hours, "fargate.vcpu_hour");
}

// Task CPU in vCPUs from a task definition's `cpu`: CPU units (1024 per vCPU) or "1 vCPU".
std::optional<double> TaskVcpus(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>() / 1024;
  if (!v.is_string()) return std::nullopt;
  const std::string s = Lower(v.get<std::string>());
  try {
    const double n = std::stod(s);
    return s.find("vcpu") != std::string::npos ? n : n / 1024;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Task memory in GB from a task definition's `memory`: MiB or "2 GB".
std::optional<double> TaskGb(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>() / 1024;
  if (!v.is_string()) return std::nullopt;
  const std::string s = Lower(v.get<std::string>());
  try {
    const double n = std::stod(s);
    return s.find("gb") != std::string::npos ? n : n / 1024;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool NamesFargate(const nlohmann::json& v) {
  return v.is_string() && v.get<std::string>().rfind("FARGATE", 0) == 0;
}

// True when the service runs on Fargate: its launch type, its capacity provider strategy, or
// (with neither) the capacity providers of its cluster.
bool RunsOnFargate(PriceContext& ctx) {
  if (auto launch = ctx.Str("launch_type")) return *launch == "FARGATE";
  const auto strategies = ctx.Blocks("capacity_provider_strategy");
  if (!strategies.empty()) {
    for (const auto& st : strategies) {
      if (st.contains("capacity_provider") && NamesFargate(st["capacity_provider"])) return true;
    }
    return false;
  }
  auto refs = ctx.resource().references.find("cluster");
  if (refs == ctx.resource().references.end()) return false;
  for (const auto& text : refs->second) {
    const Resource* cluster = FindReferenced(ctx.model(), "aws_ecs_cluster", text);
    if (cluster == nullptr) continue;
    const std::string cluster_address = cluster->type + "." + cluster->name;
    for (const Resource* cp : ctx.model().OfType("aws_ecs_cluster_capacity_providers")) {
      auto named = cp->references.find("cluster_name");
      if (named == cp->references.end()) continue;
      bool ours = false;
      for (const auto& r : named->second) ours = ours || r.rfind(cluster_address + ".", 0) == 0;
      if (!ours || !cp->attributes.contains("capacity_providers")) continue;
      for (const auto& p : cp->attributes["capacity_providers"]) {
        if (NamesFargate(p)) return true;
      }
    }
    if (cluster->attributes.contains("capacity_providers")) {
      for (const auto& p : cluster->attributes["capacity_providers"]) {
        if (NamesFargate(p)) return true;
      }
    }
  }
  return false;
}

void PriceEcsService(PriceContext& ctx) {
  // EC2-backed services bill through their instances.
  if (!RunsOnFargate(ctx)) return;
  const double tasks = ctx.Num("desired_count").value_or(1);
  // CPU and memory come from the task definition, usually through a reference.
  std::optional<double> vcpus, gb;
  // The task definition is the service's own, or (with an external deployment controller) that
  // of a task set deployed into the service.
  std::vector<std::string> task_definitions;
  auto own = ctx.resource().references.find("task_definition");
  if (own != ctx.resource().references.end()) task_definitions = own->second;
  if (task_definitions.empty()) {
    const std::string self = ctx.resource().type + "." + ctx.resource().name + ".";
    for (const Resource* set : ctx.model().OfType("aws_ecs_task_set")) {
      auto service = set->references.find("service");
      auto td = set->references.find("task_definition");
      if (service == set->references.end() || td == set->references.end()) continue;
      for (const auto& text : service->second) {
        if (text.rfind(self, 0) == 0) task_definitions = td->second;
      }
    }
  }
  {
    for (const auto& text : task_definitions) {
      if (const Resource* td = FindReferenced(ctx.model(), "aws_ecs_task_definition", text)) {
        if (td->attributes.contains("cpu")) vcpus = TaskVcpus(td->attributes["cpu"]);
        if (td->attributes.contains("memory")) gb = TaskGb(td->attributes["memory"]);
      }
    }
  }
  if (!vcpus || !gb) {
    ctx.Note("task definition cpu/memory unknown; Fargate vCPU and memory shown as depending on usage");
    ctx.Add("Per GB per hour", "GB-hours", std::nullopt, "fargate.gb_hour");
    ctx.Add("Per vCPU per hour", "vCPU-hours", std::nullopt, "fargate.vcpu_hour");
    return;
  }
  ctx.Add("Per GB per hour", "GB-hours", tasks * *gb * kHoursPerMonth, "fargate.gb_hour");
  ctx.Add("Per vCPU per hour", "vCPU-hours", tasks * *vcpus * kHoursPerMonth, "fargate.vcpu_hour");
}

void PriceLightsail(PriceContext& ctx) {
  auto bundle = ctx.Str("bundle_id");
  if (!bundle) {
    ctx.Fail("bundle_id is unknown");
    return;
  }
  std::string size = bundle->substr(0, bundle->find('_'));
  const bool windows = bundle->find("_win_") != std::string::npos;
  ctx.Add(std::string("Virtual server (") + (windows ? "Windows" : "Linux/UNIX") + ")", "hours", kHoursPerMonth,
          "lightsail." + std::string(windows ? "windows." : "linux.") + size);
}

// The instances an autoscaling group runs (desired capacity, else the minimum, or the usage
// file's `instances`), as its launch template or launch configuration describes them. With a
// mixed instances policy, the first override's type, the capacity divided by its weight.
void PriceAutoscalingGroup(PriceContext& ctx) {
  auto desired = ctx.Num("desired_capacity");
  double count = ctx.UsageNum("instances").value_or(desired.value_or(ctx.Num("min_size").value_or(0)));
  // A group whose minimum is zero (and no desired capacity) is priced at one instance, as
  // Infracost does, so its instance price is visible; the usage file's `instances` overrides it.
  if (count == 0 && !desired && !ctx.UsageNum("instances")) count = 1;
  const Resource* template_resource = nullptr;
  std::optional<std::string> override_type;
  for (const auto& block : ctx.Blocks("launch_template")) template_resource = FindLaunchTemplate(ctx.model(), block);
  for (const auto& policy : ctx.Blocks("mixed_instances_policy")) {
    for (const auto& lt : ctx.Blocks("launch_template", &policy)) {
      for (const auto& spec : ctx.Blocks("launch_template_specification", &lt)) {
        nlohmann::json ref = nlohmann::json::object();
        if (spec.contains("launch_template_id")) ref["id"] = spec["launch_template_id"];
        if (spec.contains("launch_template_name")) ref["name"] = spec["launch_template_name"];
        if (const Resource* r = FindLaunchTemplate(ctx.model(), ref)) template_resource = r;
      }
      const auto overrides = ctx.Blocks("override", &lt);
      if (!overrides.empty()) {
        override_type = ctx.Str("instance_type", &overrides[0]);
        const double weight = ctx.Num("weighted_capacity", &overrides[0]).value_or(1);
        if (weight > 0 && !ctx.UsageNum("instances")) count = std::ceil(count / weight);
      }
    }
  }
  bool configuration = false;
  if (template_resource == nullptr) {
    for (const auto& ref : ctx.resource().references) {
      for (const auto& text : ref.second) {
        if (template_resource) continue;
        template_resource = FindReferenced(ctx.model(), "aws_launch_configuration", text);
        // `aws_launch_configuration.x.*.id[count.index]` (no literal index in the reference): a
        // counted group takes the configuration at its own index.
        if (template_resource != nullptr && text.find('[') == std::string::npos &&
            ctx.resource().index.is_number_integer()) {
          const std::string want = template_resource->type + "." + template_resource->name + "[" +
                                   std::to_string(ctx.resource().index.get<int>()) + "]";
          for (const Resource* r : ctx.model().OfType("aws_launch_configuration")) {
            if (r->address == want || (r->address.size() > want.size() &&
                                        r->address.compare(r->address.size() - want.size(), want.size(), want) == 0 &&
                                        r->address[r->address.size() - want.size() - 1] == '.')) {
              template_resource = r;
            }
          }
        }
      }
    }
    configuration = template_resource != nullptr;
  }
  if (template_resource == nullptr) {
    ctx.Fail("the launch template or configuration is not in this module");
    return;
  }
  LaunchSettings lt = configuration ? ReadLaunchConfiguration(ctx, template_resource->attributes)
                                    : ReadLaunchTemplate(ctx, template_resource->attributes);
  Ec2Spec spec;
  spec.count = count;
  spec.instance_type = override_type.value_or(lt.instance_type.value_or(""));
  if (spec.instance_type.empty()) {
    ctx.Fail("instance_type of " + template_resource->address + " is unknown");
    return;
  }
  spec.tenancy = lt.tenancy.value_or("default");
  if (spec.tenancy == "host") return;  // billed through the dedicated hosts, which are priced themselves
  spec.os = Lower(ctx.UsageStr("operating_system").value_or("linux"));
  spec.ebs_optimized = lt.ebs_optimized.value_or(false);
  spec.detailed_monitoring = lt.monitoring.value_or(false);
  spec.cpu_credits = lt.cpu_credits.value_or("");
  PriceEc2Instances(ctx, spec);
  PriceVolumes(ctx, lt.volumes, "block_device_mapping", count);
}

}  // namespace

const std::vector<ResourcePricer>& ComputePricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_instance", "EC2", PriceInstance},
      {"aws_ebs_volume", "EC2", PriceEbsVolumeResource},
      {"aws_ebs_snapshot", "EC2", PriceEbsSnapshot},
      {"aws_ebs_snapshot_copy", "EC2", PriceEbsSnapshotCopy},
      {"aws_ebs_snapshot_import", "EC2", PriceSnapshotStorage},
      {"aws_ec2_host", "EC2", PriceEc2Host},
      {"aws_autoscaling_group", "EC2", PriceAutoscalingGroup},
      {"aws_eks_node_group", "EKS", PriceEksNodeGroup},
      {"aws_eks_cluster", "EKS", PriceEksCluster},
      {"aws_eks_fargate_profile", "EKS", PriceEksFargateProfile},
      {"aws_ecs_service", "ECS", PriceEcsService},
      {"aws_lightsail_instance", "Lightsail", PriceLightsail},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
