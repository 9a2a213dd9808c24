#include "reconciler/cost/catalog.h"

#include <algorithm>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "common/files.h"
#include "common/yaml_limits.h"
#include "manifests/embedded_yaml.h"
#include "reconciler/cost/builtin_pricing.h"

namespace faber::reconciler::cost {
namespace {

std::string Where(const std::string& name, const YAML::Node& node) {
  return name + ":" + std::to_string(node.Mark().line + 1);
}

// The `region:` of a pricing file, read from its text without parsing it (the files put it on a
// line of its own at the top level; catalog_test checks it against the parsed value).
std::string RegionOf(const common::EmbeddedFile& file) {
  std::string_view text = file.text;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    if (line.rfind("region:", 0) == 0) {
      line.remove_prefix(7);
      while (!line.empty() && (line.front() == ' ' || line.front() == '"' || line.front() == '\'')) line.remove_prefix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '"' || line.back() == '\'' || line.back() == '\r')) line.remove_suffix(1);
      return std::string(line);
    }
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  throw std::runtime_error("builtin pricing catalog: " + std::string(file.name) + " has no region: line");
}

}  // namespace

struct Catalog::State {
  std::mutex mu;
  std::map<std::string, Region> regions;
  std::vector<std::unique_ptr<PriceSource>> sources;
  std::multimap<std::string, const common::EmbeddedFile*> pending;  // region -> file not read yet
};

Catalog::Catalog() : state_(std::make_unique<State>()) {}
Catalog::~Catalog() = default;
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;

common::Status Catalog::AddFile(const std::string& name, const std::string& yaml_text) {
  FABER_RETURN_IF_ERROR(common::CheckYamlText(yaml_text, name));
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return common::InvalidInput(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  std::lock_guard lock(state_->mu);
  return AddRoot(*state_, name, root);
}

void Catalog::AddEmbeddedLazily(const std::string& region, const common::EmbeddedFile& file) {
  std::lock_guard lock(state_->mu);
  state_->pending.emplace(region, &file);
}

void Catalog::ReadPending(const std::string* region) const {
  auto [begin, end] = region ? state_->pending.equal_range(*region)
                             : std::pair{state_->pending.begin(), state_->pending.end()};
  for (auto it = begin; it != end; ++it) {
    const common::EmbeddedFile& file = *it->second;
    common::Status s = AddRoot(*state_, std::string(file.name), manifests::LoadEmbeddedYaml(file).root);
    // The embedded files are tested at build time (catalog_test); a failure here is a packaging bug.
    if (!s.ok()) throw std::runtime_error("builtin pricing catalog: " + s.message());
  }
  state_->pending.erase(begin, end);
}

common::Status Catalog::AddRoot(State& state, const std::string& name, const YAML::Node& root) {
  if (!root.IsMap() || !root["region"] || !root["region"].IsScalar()) {
    return common::InvalidInput(name + ": a pricing file needs `region:` and `services:`");
  }
  const std::string region = root["region"].Scalar();
  const YAML::Node services = root["services"];
  if (!services.IsMap()) return common::InvalidInput(name + ": `services` must be a map of service sections");
  Region& dest = state.regions[region];
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
    state.sources.push_back(std::move(source));
  }
  return common::Status::Ok();
}

std::optional<PriceEntry> Catalog::Find(const std::string& region, const std::string& key) const {
  std::lock_guard lock(state_->mu);
  ReadPending(&region);
  auto r = state_->regions.find(region);
  if (r == state_->regions.end()) return std::nullopt;
  auto p = r->second.prices.find(key);
  if (p == r->second.prices.end()) return std::nullopt;
  return p->second;
}

std::vector<std::string> Catalog::Regions() const {
  std::lock_guard lock(state_->mu);
  ReadPending(nullptr);
  std::vector<std::string> out;
  for (const auto& [name, region] : state_->regions) {
    if (!region.prices.empty()) out.push_back(name);
  }
  return out;
}

size_t Catalog::PriceCount(const std::string& region) const {
  std::lock_guard lock(state_->mu);
  ReadPending(&region);
  auto r = state_->regions.find(region);
  return r == state_->regions.end() ? 0 : r->second.prices.size();
}

std::vector<std::string> Catalog::PriceKeys(const std::string& region) const {
  std::lock_guard lock(state_->mu);
  ReadPending(&region);
  std::vector<std::string> out;
  if (auto r = state_->regions.find(region); r != state_->regions.end()) {
    for (const auto& [key, price] : r->second.prices) out.push_back(key);
  }
  return out;
}

const Catalog& BuiltinCatalog() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog();
    for (const auto& file : BuiltinPricingFiles()) c->AddEmbeddedLazily(RegionOf(file), file);
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
