#include "reconciler/cost/price_context.h"

#include <algorithm>
#include <cctype>

namespace faber::reconciler::cost {

PriceContext::PriceContext(const Resource& resource, const ResourceModel& model, const Catalog& catalog,
                           const UsageFile& usage, std::string region, ResourceCost* out)
    : resource_(resource),
      model_(model),
      catalog_(catalog),
      usage_file_(usage),
      usage_json_(usage.For(resource.address)),
      region_(std::move(region)),
      price_region_(region_),
      out_(out) {}

const nlohmann::json* PriceContext::Lookup(const std::string& key, const nlohmann::json* obj) {
  const nlohmann::json& o = obj == nullptr ? resource_.attributes : *obj;
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return nullptr;
  if (IsUnknown(*it)) {
    unknowns_.push_back(key + " (" + it->begin()->get<std::string>() + ")");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> PriceContext::Str(const std::string& key, const nlohmann::json* obj) {
  const nlohmann::json* v = Lookup(key, obj);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  return std::nullopt;
}

std::optional<double> PriceContext::Num(const std::string& key, const nlohmann::json* obj) {
  const nlohmann::json* v = Lookup(key, obj);
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  if (v->is_string()) {
    try {
      size_t used = 0;
      double d = std::stod(v->get<std::string>(), &used);
      if (used == v->get<std::string>().size()) return d;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::optional<bool> PriceContext::Bool(const std::string& key, const nlohmann::json* obj) {
  const nlohmann::json* v = Lookup(key, obj);
  if (v == nullptr) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) return v->get<std::string>() == "true";
  return std::nullopt;
}

std::vector<nlohmann::json> PriceContext::Blocks(const std::string& key, const nlohmann::json* obj) const {
  const nlohmann::json& o = obj == nullptr ? resource_.attributes : *obj;
  std::vector<nlohmann::json> out;
  if (!o.is_object() || !o.contains(key)) return out;
  const nlohmann::json& v = o.at(key);
  if (v.is_array()) {
    for (const auto& item : v) {
      if (item.is_object()) out.push_back(item);
    }
  } else if (v.is_object() && !IsUnknown(v)) {
    out.push_back(v);
  }
  return out;
}

bool PriceContext::IsUnknownAttr(const std::string& key, const nlohmann::json* obj) const {
  const nlohmann::json& o = obj == nullptr ? resource_.attributes : *obj;
  return o.is_object() && o.contains(key) && ContainsUnknown(o.at(key));
}

std::optional<double> PriceContext::UsageNum(const std::string& key) const {
  auto it = usage_json_.find(key);
  if (it == usage_json_.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<std::string> PriceContext::UsageStr(const std::string& key) const {
  auto it = usage_json_.find(key);
  if (it == usage_json_.end()) return std::nullopt;
  if (it->is_string() || it->is_number()) return UsageFile::TextOf(*it);
  return std::nullopt;
}

std::optional<double> PriceContext::Price(const std::string& key) {
  auto p = catalog_.Find(price_region_, key);
  if (!p) {
    Note("no price for " + key + " in " + price_region_);
    return std::nullopt;
  }
  return p->usd;
}

bool PriceContext::HasPrice(const std::string& key) const { return catalog_.Find(price_region_, key).has_value(); }

void PriceContext::Note(const std::string& note) {
  out_->notes.push_back(note);
  out_->complete = false;
}

void PriceContext::Add(const std::string& name, const std::string& unit, std::optional<double> quantity,
                       const std::string& key, double price_factor) {
  auto price = Price(key);
  if (!price) return;
  AddPriced(name, unit, quantity, *price * price_factor, key);
}

void PriceContext::AddPriced(const std::string& name, const std::string& unit, std::optional<double> quantity,
                             double unit_price, const std::string& key) {
  out_->components.push_back({prefix_ + name, unit, quantity, unit_price, key});
}

void PriceContext::AddTiered(const std::string& unit, std::optional<double> quantity, const std::vector<Tier>& tiers,
                             double price_factor) {
  if (tiers.empty()) return;
  if (!quantity) {
    Add(tiers[0].name, unit, std::nullopt, tiers[0].key, price_factor);
    return;
  }
  double lower = 0;
  for (size_t i = 0; i < tiers.size(); ++i) {
    const Tier& t = tiers[i];
    double upper = t.up_to.value_or(*quantity);
    double in_tier = std::max(0.0, std::min(*quantity, upper) - lower);
    if (in_tier > 0 || (i == 0 && *quantity == 0)) Add(t.name, unit, in_tier, t.key, price_factor);
    if (!t.up_to || *quantity <= upper) break;
    lower = upper;
  }
}

std::string RegionOfZone(const std::string& zone) {
  if (!zone.empty() && std::isalpha(static_cast<unsigned char>(zone.back())) &&
      std::isdigit(static_cast<unsigned char>(zone[zone.size() - 2]))) {
    return zone.substr(0, zone.size() - 1);
  }
  return zone;
}

}  // namespace faber::reconciler::cost
