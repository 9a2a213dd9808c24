#include "reconciler/cost/usage_check.h"

#include <algorithm>
#include <set>

#include "reconciler/cost/pricers.h"
#include "reconciler/cost/usage_schema.h"

namespace faber::reconciler::cost {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// How a value reads in a message: 'lots', 12, true, a map, a list.
std::string Shown(const nlohmann::json& v) {
  if (v.is_string()) return "'" + v.get<std::string>() + "'";
  if (v.is_object()) return "a map";
  if (v.is_array()) return "a list";
  return UsageFile::TextOf(v);
}

bool Fits(const UsageKey& key, const nlohmann::json& v) {
  switch (key.value) {
    case UsageValue::kNumber:
      return v.is_number();
    case UsageValue::kString: {
      if (!v.is_string() && !v.is_number()) return false;
      const std::string text = Lower(UsageFile::TextOf(v));  // as PriceContext::UsageStr gives it
      return key.allowed.empty() ||
             std::any_of(key.allowed.begin(), key.allowed.end(), [&](std::string_view a) { return a == text; });
    }
    case UsageValue::kObject:
      return v.is_object();
    case UsageValue::kNumberMap:
      return v.is_object();
  }
  return false;
}

// What the keys named like this one take, for a message (two keys share a name when Infracost
// documents values faber does not price, as ElastiCache's legacy payment options).
std::string Expected(const std::vector<const UsageKey*>& keys) {
  std::vector<std::string_view> allowed;
  for (const UsageKey* k : keys) {
    if (k->value != UsageValue::kString || k->allowed.empty()) return DescribeUsageValue(*keys.front());
    allowed.insert(allowed.end(), k->allowed.begin(), k->allowed.end());
  }
  UsageKey merged{keys.front()->name, UsageValue::kString, allowed, {}, true};
  return DescribeUsageValue(merged);
}

class EntryChecker {
 public:
  EntryChecker(const UsageFile& file, const UsageFile::Entry& entry, const std::string& type, UsageCheck* out)
      : file_(file), entry_(entry), type_(type), out_(out) {}

  // Checks the keys of `obj` (at `path` below the entry) against `schema`; unpriced keys go to *notes.
  void Check(const nlohmann::json& obj, const UsageSchema& schema, const std::string& path,
             std::vector<std::string>* notes) {
    // In file order (JSON objects iterate by name), so that messages read down the file.
    std::vector<std::pair<std::string, const nlohmann::json*>> items;
    for (const auto& [key, value] : obj.items()) items.emplace_back(key, &value);
    std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
      return Line(Path(path, a.first)) < Line(Path(path, b.first));
    });
    for (const auto& [key, value_ptr] : items) {
      const nlohmann::json& value = *value_ptr;
      const std::string at = Path(path, key);
      std::vector<const UsageKey*> named;
      for (const UsageKey& k : schema) {
        if (k.name == key) named.push_back(&k);
      }
      if (named.empty()) {
        Error(at, "unknown usage key '" + at + "'" + Suggestion(key, schema) + " (" + Takes(schema, path) + ")");
        continue;
      }
      if (value.is_null()) continue;  // written without a value: the key is not given
      auto fits = std::find_if(named.begin(), named.end(), [&](const UsageKey* k) { return Fits(*k, value); });
      if (fits == named.end()) {
        Error(at, "usage key '" + at + "' is " + Shown(value) + "; expected " + Expected(named));
        continue;
      }
      const UsageKey& k = **fits;
      if (k.value == UsageValue::kObject) Check(value, k.fields, at, notes);
      if (k.value == UsageValue::kNumberMap) {
        for (const auto& [name, number] : value.items()) {
          if (!number.is_number() && !number.is_null()) {
            Error(at + "." + name, "usage key '" + at + "." + name + "' is " + Shown(number) + "; expected a number");
          }
        }
      }
      if (!k.priced) {
        notes->push_back("usage key '" + at + "' (" + file_.name() + ":" + std::to_string(Line(at)) +
                         ") is accepted as Infracost documents it, but faber does not price it yet");
      }
    }
  }

 private:
  static std::string Path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  int Line(const std::string& at) const {
    auto it = entry_.key_lines.find(at);
    return it == entry_.key_lines.end() ? entry_.line : it->second;
  }

  void Error(const std::string& at, const std::string& problem) {
    out_->errors.push_back(file_.name() + ":" + std::to_string(Line(at)) + ": " + entry_.address + ": " + problem);
  }

  // "; did you mean 'monthly_requests'?" for a key a slip away from a known one.
  static std::string Suggestion(const std::string& key, const UsageSchema& schema) {
    const UsageKey* best = nullptr;
    size_t best_distance = std::max<size_t>(2, key.size() / 4) + 1;
    for (const UsageKey& k : schema) {
      const size_t d = EditDistance(key, k.name);
      if (d < best_distance) best = &k, best_distance = d;
    }
    return best == nullptr ? "" : "; did you mean '" + std::string(best->name) + "'?";
  }

  std::string Takes(const UsageSchema& schema, const std::string& path) const {
    const std::string owner = path.empty() ? type_ : type_ + " " + path;
    if (schema.empty()) return owner + " takes no usage keys";
    std::set<std::string_view> names;
    for (const UsageKey& k : schema) names.insert(k.name);
    std::string list;
    for (auto n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    return owner + " takes: " + list;
  }

  const UsageFile& file_;
  const UsageFile::Entry& entry_;
  const std::string& type_;
  UsageCheck* out_;
};

}  // namespace

UsageCheck CheckUsage(const UsageFile& usage, const ResourceModel& model) {
  UsageCheck out;
  for (const UsageFile::Entry& entry : usage.entries()) {
    std::map<std::string, std::vector<std::string>> addresses_by_type;
    for (const Resource& r : model.resources) {
      if (r.mode == ResourceMode::kManaged && UsageFile::Applies(entry.address, r.address, r.type)) {
        addresses_by_type[r.type].push_back(r.address);
      }
    }
    const std::string at = usage.name() + ":" + std::to_string(entry.line) + ": ";
    if (addresses_by_type.empty()) {
      out.warnings.push_back(at + "usage entry '" + entry.address + "' matches no resource; its usage is not used");
      continue;
    }
    for (const auto& [type, addresses] : addresses_by_type) {
      const UsageSchema* schema = UsageSchemaOf(type);
      if (schema == nullptr) {
        if (!entry.usage.empty()) {
          out.warnings.push_back(at + "faber reads no usage for " + type + "; the usage of '" + entry.address +
                                 "' is not used");
        }
        continue;
      }
      std::vector<std::string> notes;
      EntryChecker(usage, entry, type, &out).Check(entry.usage, *schema, "", &notes);
      for (const auto& a : addresses) out.unpriced[a].insert(out.unpriced[a].end(), notes.begin(), notes.end());
    }
  }
  return out;
}

}  // namespace faber::reconciler::cost
