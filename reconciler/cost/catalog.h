#pragma once

// The pricing catalog: AWS prices per region, read from the YAML files of manifests/pricing/
// (compiled in) or from files given at run time. Each price carries the source and date of the
// service section it belongs to, so a report can say where a number came from.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/embedded_file.h"
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
  Catalog();
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;

  // Adds the prices of one catalog file (`name` is used in error messages with the line).
  // kInvalidInput for malformed YAML, a missing region, a non-numeric price or a duplicate key.
  common::Status AddFile(const std::string& name, const std::string& yaml_text);
  // Registers a compiled-in file with the prices of `region`, read (as its build-time tree, see
  // manifests/embedded_yaml.h) the first time that region is asked for: a run prices one or two
  // regions, so the others are never read.
  void AddEmbeddedLazily(const std::string& region, const common::EmbeddedFile& file);

  // The price of `key` (e.g. "ec2.instance.linux.t3.medium") in `region`, or nullopt. Safe to
  // call from several threads (a lazily registered region is read under a lock).
  std::optional<PriceEntry> Find(const std::string& region, const std::string& key) const;
  // Regions that have at least one price, sorted.
  std::vector<std::string> Regions() const;
  // Number of prices held for `region`.
  size_t PriceCount(const std::string& region) const;
  // The keys priced in `region`, sorted.
  std::vector<std::string> PriceKeys(const std::string& region) const;

 private:
  struct Region {
    std::map<std::string, PriceEntry> prices;
  };
  struct State;
  // Reads the files registered lazily for `region` (all regions when null); caller holds the lock.
  void ReadPending(const std::string* region) const;
  static common::Status AddRoot(State& state, const std::string& name, const YAML::Node& root);

  std::unique_ptr<State> state_;  // behind a pointer: const lookups fill it in, and it moves
};

// The catalog built from manifests/pricing/ at compile time; shared, each region read on first use.
const Catalog& BuiltinCatalog();
// Builds a catalog from every *.yaml file under `dir` (for a user-maintained price list).
common::Result<Catalog> LoadCatalogDirectory(const std::string& dir);

}  // namespace faber::reconciler::cost
