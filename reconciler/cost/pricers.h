#pragma once

// The table of resource pricers and helpers shared between them. Internal to reconciler/cost.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconciler/cost/price_context.h"

namespace faber::reconciler::cost {

using PriceFn = void (*)(PriceContext& ctx);

struct ResourcePricer {
  std::string_view type;     // aws_instance
  std::string_view service;  // EC2 (the by_service key)
  PriceFn price;
};

// Pricers by area; each file registers the resource types it prices.
const std::vector<ResourcePricer>& ComputePricers();
const std::vector<ResourcePricer>& DatabasePricers();
const std::vector<ResourcePricer>& NetworkPricers();
const std::vector<ResourcePricer>& StoragePricers();
const std::vector<ResourcePricer>& ServerlessPricers();
const std::vector<ResourcePricer>& ManagementPricers();
const std::vector<ResourcePricer>& OperationsPricers();

// The pricer of `type`, or nullptr.
const ResourcePricer* FindPricer(const std::string& type);
// True when AWS does not charge for `type` (IAM, VPC plumbing, ...).
bool IsFreeType(const std::string& type);

// An EBS volume: storage by type, provisioned IOPS and throughput where the type bills them.
struct EbsVolume {
  std::string type = "gp2";
  double size_gb = 8;
  std::optional<double> iops;
  std::optional<double> throughput_mbps;
};
void PriceEbsVolume(PriceContext& ctx, const EbsVolume& volume);
// Reads an EBS volume from a block (root_block_device, ebs_block_device, launch template ebs).
EbsVolume EbsVolumeFromBlock(PriceContext& ctx, const nlohmann::json& block, double default_size);

// What EC2 bills for running instances of one type.
struct Ec2Spec {
  std::string instance_type;
  std::string tenancy = "default";  // default | dedicated
  std::string os = "linux";         // linux | windows | rhel | suse
  bool ebs_optimized = false;
  bool detailed_monitoring = false;
  std::string cpu_credits;          // "" (family default), standard, unlimited
  double count = 1;
};
// Adds instance hours (on-demand or reserved per the usage file), EBS-optimized hours,
// detailed monitoring and CPU credits.
void PriceEc2Instances(PriceContext& ctx, const Ec2Spec& spec);
// The managed aws_launch_template that `ref` (an unknown reason such as
// "aws_launch_template.foo.id") or a literal name/id points at, or nullptr.
const Resource* FindLaunchTemplate(const ResourceModel& model, const nlohmann::json& launch_template_block);
// The resource named by the first "TYPE.NAME" in `text` that has `type`, or nullptr.
const Resource* FindReferenced(const ResourceModel& model, const std::string& type, const std::string& text);

// Attribute `key` of `attrs` when it is a known string, else `fallback` (absent, null, unknown).
std::string StringAttr(const nlohmann::json& attrs, const std::string& key, const std::string& fallback);
// Lower-case copy of `s`.
std::string Lower(std::string s);
// "1_year" / "1yr" -> "1yr"; "3_year" -> "3yr"; "" otherwise.
std::string ReservedTerm(const std::string& usage_value);

}  // namespace faber::reconciler::cost
