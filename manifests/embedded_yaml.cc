#include "manifests/embedded_yaml.h"

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace faber::manifests {
namespace {

using Tree = nlohmann::json;

const Tree& Items(const Tree& node) {
  if (!node.is_array() || node.size() != 3 || !node[2].is_array()) throw std::runtime_error("embedded YAML: malformed tree node");
  return node[2];
}

YAML::Node Build(const Tree& node) {
  if (!node.is_array() || node.empty() || !node[0].is_string()) throw std::runtime_error("embedded YAML: malformed tree node");
  const std::string& kind = node[0].get_ref<const std::string&>();
  if (kind == "s") {
    if (node.size() != 4 || !node[2].is_string()) throw std::runtime_error("embedded YAML: malformed scalar");
    YAML::Node scalar(node[2].get_ref<const std::string&>());
    scalar.SetTag(node[3] == 1 ? "!" : "?");
    return scalar;
  }
  if (kind == "m") {
    const Tree& items = Items(node);
    YAML::Node map(YAML::NodeType::Map);
    // force_insert: the keys were unique when parsed, and a lookup per insert would be quadratic.
    for (size_t i = 0; i + 1 < items.size(); i += 2) map.force_insert(Build(items[i]), Build(items[i + 1]));
    return map;
  }
  if (kind == "q") {
    YAML::Node seq(YAML::NodeType::Sequence);
    for (const Tree& item : Items(node)) seq.push_back(Build(item));
    return seq;
  }
  return YAML::Node(YAML::NodeType::Null);
}

}  // namespace

EmbeddedYaml LoadEmbeddedYaml(const common::EmbeddedFile& file) {
  const Tree tree = Tree::parse(file.tree, nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) throw std::runtime_error("embedded YAML: the tree of " + std::string(file.name) + " is not JSON");
  EmbeddedYaml out{Build(tree), {}};
  if (tree[0] != "m") return out;
  const Tree& items = Items(tree);
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    const Tree& key = items[i];
    const Tree& value = items[i + 1];
    if (key[0] != "s" || value[0] != "q") continue;
    std::vector<int>& lines = out.item_lines[key[2].get<std::string>()];
    for (const Tree& item : Items(value)) lines.push_back(item[1].get<int>());
  }
  return out;
}

}  // namespace faber::manifests
