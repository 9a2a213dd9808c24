#pragma once

// Reads the trees of embedded YAML files (common::EmbeddedFile::tree, written at build time by
// cmake/yaml_tree_tool.cc) back into yaml-cpp nodes, so the loaders of faber's built-in data read
// them through the same code as a user's files, at a fraction of the cost of parsing the text.

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/embedded_file.h"

namespace faber::manifests {

struct EmbeddedYaml {
  // The root node, as YAML::Load(file.text) would give it (scalars keep their text and whether
  // they were quoted: Tag() "!" for quoted, "?" for plain). Nodes carry no Mark: loaders that
  // record lines take them from item_lines.
  YAML::Node root;
  // For each top-level key whose value is a sequence: the 1-based line of each item, in order.
  std::map<std::string, std::vector<int>> item_lines;
};

// Reads the tree of `file`. Throws std::runtime_error for a malformed tree (a build defect).
EmbeddedYaml LoadEmbeddedYaml(const common::EmbeddedFile& file);

}  // namespace faber::manifests
