#pragma once

// What a resource pricer works with: the resource's attributes and usage, the catalog in its
// region, and the ResourceCost it fills. Internal to reconciler/cost.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/cost/catalog.h"
#include "reconciler/cost/estimate.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::cost {

class PriceContext {
 public:
  PriceContext(const Resource& resource, const ResourceModel& model, const Catalog& catalog, const UsageFile& usage,
               std::string region, ResourceCost* out);

  const Resource& resource() const { return resource_; }
  const ResourceModel& model() const { return model_; }
  const std::string& region() const { return region_; }
  const nlohmann::json& attrs() const { return resource_.attributes; }
  const nlohmann::json& usage() const { return usage_json_; }
  const UsageFile& usage_file() const { return usage_file_; }
  const Catalog& catalog() const { return catalog_; }
  ResourceCost* out() const { return out_; }

  // Attribute `key` of `obj` (default: the resource) as a string / number / bool; nullopt when
  // absent or null. An unknown value also gives nullopt and is recorded in unknowns().
  std::optional<std::string> Str(const std::string& key, const nlohmann::json* obj = nullptr);
  std::optional<double> Num(const std::string& key, const nlohmann::json* obj = nullptr);
  std::optional<bool> Bool(const std::string& key, const nlohmann::json* obj = nullptr);
  // The nested blocks `key` of `obj` (arrays of objects in the model); empty when absent.
  std::vector<nlohmann::json> Blocks(const std::string& key, const nlohmann::json* obj = nullptr) const;
  // True when attribute `key` of `obj` is (or holds) an unknown value.
  bool IsUnknownAttr(const std::string& key, const nlohmann::json* obj = nullptr) const;

  // Usage value `key` (a number), or nullopt when the usage file does not give it.
  std::optional<double> UsageNum(const std::string& key) const;
  std::optional<std::string> UsageStr(const std::string& key) const;

  // The catalog price of `key` in this resource's region; records a note when missing.
  std::optional<double> Price(const std::string& key);
  // True when the catalog has `key` in this region (no note when missing).
  bool HasPrice(const std::string& key) const;

  // Adds a component priced at catalog `key` (times `price_factor`). A missing price adds a note
  // and no component. A nullopt quantity is shown as depending on usage.
  void Add(const std::string& name, const std::string& unit, std::optional<double> quantity, const std::string& key,
           double price_factor = 1);
  // Adds a component with an explicit unit price (e.g. a tier computed from several prices).
  void AddPriced(const std::string& name, const std::string& unit, std::optional<double> quantity, double unit_price,
                 const std::string& key);
  // Prices `quantity` across tiers of catalog keys: tiers[i] = {name, upper bound (or nullopt for
  // the last tier), key}. With no quantity, only the first tier is shown, depending on usage.
  struct Tier {
    std::string name;
    std::optional<double> up_to;
    std::string key;
  };
  void AddTiered(const std::string& unit, std::optional<double> quantity, const std::vector<Tier>& tiers,
                 double price_factor = 1);

  // Marks the whole resource as not priceable (e.g. its instance type is unknown); the estimator
  // lists it as unsupported with `reason` instead of showing a partial figure.
  void Fail(const std::string& reason) { failed_ = reason; }
  const std::optional<std::string>& failed() const { return failed_; }
  // Adds a note that the total is a lower bound.
  void Note(const std::string& note);
  // The attribute paths found unknown so far, with the reason each is unknown.
  const std::vector<std::string>& unknowns() const { return unknowns_; }

  // Prices global services (Route 53, Global Accelerator) from the catalog's "global" region.
  void UseGlobalPrices() { price_region_ = "global"; }

  // Prefix added to component names (for sub-resources such as "root_block_device").
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }

 private:
  const nlohmann::json* Lookup(const std::string& key, const nlohmann::json* obj);

  const Resource& resource_;
  const ResourceModel& model_;
  const Catalog& catalog_;
  const UsageFile& usage_file_;
  nlohmann::json usage_json_;
  std::string region_;
  std::string price_region_;
  ResourceCost* out_;
  std::optional<std::string> failed_;
  std::vector<std::string> unknowns_;
  std::string prefix_;
};

// Reads the region name from an availability zone ("us-east-1a" -> "us-east-1").
std::string RegionOfZone(const std::string& zone);

}  // namespace faber::reconciler::cost
