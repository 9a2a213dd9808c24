#include "reconciler/cost/catalog.h"

#include <algorithm>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "common/files.h"
#include "reconciler/cost/builtin_pricing.h"

namespace faber::reconciler::cost {
namespace {

std::string Where(const std::string& name, const YAML::Node& node) {
  return name + ":" + std::to_string(node.Mark().line + 1);
}

}  // namespace

common::Status Catalog::AddFile(const std::string& name, const std::string& yaml_text) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return common::InvalidInput(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap() || !root["region"] || !root["region"].IsScalar()) {
    return common::InvalidInput(name + ": a pricing file needs `region:` and `services:`");
  }
  const std::string region = root["region"].Scalar();
  const YAML::Node services = root["services"];
  if (!services.IsMap()) return common::InvalidInput(name + ": `services` must be a map of service sections");
  Region& dest = regions_[region];
  for (const auto& service : services) {
    const std::string service_name = service.first.Scalar();
    const YAML::Node body = service.second;
    if (!body.IsMap() || !body["source"] || !body["as_of"] || !body["prices"].IsMap()) {
      return common::InvalidInput(Where(name, service.first) + ": service '" + service_name +
                                  "' needs source, as_of and prices");
    }
    auto source = std::make_unique<PriceSource>();
    source->url = body["source"].Scalar();
    source->as_of = body["as_of"].Scalar();
    if (body["note"]) source->note = body["note"].Scalar();
    for (const auto& price : body["prices"]) {
      const std::string key = service_name + "." + price.first.Scalar();
      double usd = 0;
      try {
        usd = price.second.as<double>();
      } catch (const YAML::Exception&) {
        return common::InvalidInput(Where(name, price.second) + ": price of '" + key + "' is not a number");
      }
      if (usd < 0) return common::InvalidInput(Where(name, price.second) + ": price of '" + key + "' is negative");
      if (!dest.prices.emplace(key, PriceEntry{usd, source.get()}).second) {
        return common::InvalidInput(Where(name, price.first) + ": '" + key + "' is priced twice for " + region);
      }
    }
    sources_.push_back(std::move(source));
  }
  return common::Status::Ok();
}

std::optional<PriceEntry> Catalog::Find(const std::string& region, const std::string& key) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return std::nullopt;
  auto p = r->second.prices.find(key);
  if (p == r->second.prices.end()) return std::nullopt;
  return p->second;
}

std::vector<std::string> Catalog::Regions() const {
  std::vector<std::string> out;
  for (const auto& [name, region] : regions_) {
    if (!region.prices.empty()) out.push_back(name);
  }
  return out;
}

size_t Catalog::PriceCount(const std::string& region) const {
  auto r = regions_.find(region);
  return r == regions_.end() ? 0 : r->second.prices.size();
}

const Catalog& BuiltinCatalog() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog();
    for (const auto& file : BuiltinPricingFiles()) {
      common::Status s = c->AddFile(std::string(file.name), std::string(file.text));
      // The embedded files are tested at build time (catalog_test); a failure here is a packaging bug.
      if (!s.ok()) throw std::runtime_error("builtin pricing catalog: " + s.message());
    }
    return c;
  }();
  return *catalog;
}

common::Result<Catalog> LoadCatalogDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return common::NotFound("pricing directory not found: " + dir);
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  Catalog catalog;
  for (const auto& path : files) {
    auto text = common::ReadFile(path);
    if (!text.ok()) return text.status();
    FABER_RETURN_IF_ERROR(catalog.AddFile(path.string(), *text));
  }
  return catalog;
}

}  // namespace faber::reconciler::cost
