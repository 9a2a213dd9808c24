#include "reconciler/checks/yaml_json.h"

#include <string>

namespace faber::reconciler::checks {

nlohmann::json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(YamlToJson(item));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = YamlToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;  // quoted
      if (s == "true" || s == "True") return true;
      if (s == "false" || s == "False") return false;
      if (s == "null" || s == "~") return nullptr;
      try {
        size_t used = 0;
        if (s.find_first_of(".eE") == std::string::npos) {
          long long v = std::stoll(s, &used);
          if (used == s.size()) return v;
        } else {
          double v = std::stod(s, &used);
          if (used == s.size()) return v;
        }
      } catch (...) {
      }
      return s;
    }
    default: return nullptr;
  }
}

}  // namespace faber::reconciler::checks
