#pragma once

// The pricing catalog: AWS prices per region, read from the YAML files of manifests/pricing/
// (compiled in) or from files given at run time. Each price carries the source and date of the
// service section it belongs to, so a report can say where a number came from.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::reconciler::cost {

// Where a price was read and when it was valid.
struct PriceSource {
  std::string url;    // the AWS price list (or page) the prices were taken from
  std::string as_of;  // yyyy-mm-dd
  std::string note;   // e.g. how the figures were cross-checked
};

struct PriceEntry {
  double usd = 0;
  const PriceSource* source = nullptr;  // owned by the Catalog
};

class Catalog {
 public:
  Catalog() = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  Catalog(Catalog&&) = default;
  Catalog& operator=(Catalog&&) = default;

  // Adds the prices of one catalog file (`name` is used in error messages with the line).
  // kInvalidInput for malformed YAML, a missing region, a non-numeric price or a duplicate key.
  common::Status AddFile(const std::string& name, const std::string& yaml_text);

  // The price of `key` (e.g. "ec2.instance.linux.t3.medium") in `region`, or nullopt.
  std::optional<PriceEntry> Find(const std::string& region, const std::string& key) const;
  // Regions that have at least one price, sorted.
  std::vector<std::string> Regions() const;
  // Number of prices held for `region`.
  size_t PriceCount(const std::string& region) const;

 private:
  struct Region {
    std::map<std::string, PriceEntry> prices;
  };
  std::map<std::string, Region> regions_;
  std::vector<std::unique_ptr<PriceSource>> sources_;
};

// The catalog built from manifests/pricing/ at compile time; loaded once, shared.
const Catalog& BuiltinCatalog();
// Builds a catalog from every *.yaml file under `dir` (for a user-maintained price list).
common::Result<Catalog> LoadCatalogDirectory(const std::string& dir);

}  // namespace faber::reconciler::cost
