#include "reconciler/checks/condition.h"

namespace faber::reconciler::checks {

ResourceIndex::ResourceIndex(const ResourceModel& model) {
  for (const auto& r : model.resources) {
    if (r.mode == ResourceMode::kManaged) by_type_[r.type].push_back(&r);
  }
}

const std::vector<const Resource*>& ResourceIndex::OfType(const std::string& type) const {
  auto it = by_type_.find(type);
  return it == by_type_.end() ? none_ : it->second;
}

namespace {

// "aws_s3_bucket.logs" for module.x.aws_s3_bucket.logs[0]: how code in its module names it.
std::string LocalName(const Resource& r) { return r.type + "." + r.name; }

}  // namespace

bool RefersTo(const std::string& reference, const Resource& target) {
  const std::string name = LocalName(target);
  size_t at = reference.find(name);
  while (at != std::string::npos) {
    bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(reference[at - 1])) ||
                               reference[at - 1] == '_' || reference[at - 1] == '.');
    size_t end = at + name.size();
    bool ends = end == reference.size() || reference[end] == '.' || reference[end] == '[';
    if (starts && ends) {
      // With count or for_each, an index that names another instance is not this one.
      if (end < reference.size() && reference[end] == '[' && !target.index.is_null()) {
        size_t close = reference.find(']', end);
        std::string index = reference.substr(end + 1, close == std::string::npos ? 0 : close - end - 1);
        std::string mine = target.index.is_string() ? "\"" + target.index.get<std::string>() + "\"" : target.index.dump();
        bool literal = !index.empty() && (std::isdigit(static_cast<unsigned char>(index[0])) || index[0] == '"');
        if (!literal || index == mine) return true;
      } else {
        return true;
      }
    }
    at = reference.find(name, at + 1);
  }
  return false;
}

bool Links(const nlohmann::json& value, const Resource& target, const std::vector<std::string>& keys) {
  if (IsUnknown(value)) return RefersTo(value.begin().value().get<std::string>(), target);
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.find("${") != std::string::npos && RefersTo(s, target)) return true;
    for (const auto& key : keys) {
      auto it = target.attributes.find(key);
      if (it != target.attributes.end() && it->is_string() && *it == value) return true;
    }
    return false;
  }
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (Links(item, target, keys)) return true;
    }
  }
  return false;
}

}  // namespace faber::reconciler::checks
