#pragma once

#include <yaml-cpp/mark.h>

#include <optional>
#include <string>

namespace faber::manifests {

// The documents of a YAML text, read without building them.
struct YamlDocuments {
  size_t count = 0;
  YAML::Mark second;          // where the second document's root starts (when count > 1)
  bool second_null = false;   // the second document has no root node
  // Where the parser stopped moving: a token no document can start with (a stray ',' in block
  // context), which yaml-cpp 0.7's LoadAll would read as an endless run of empty documents.
  std::optional<YAML::Mark> stuck;
};

// Counts the documents of `text`; YAML errors are thrown as yaml-cpp throws them. Never loops on
// a token it cannot consume: that is reported in `stuck`.
YamlDocuments CountYamlDocuments(const std::string& text);

}  // namespace faber::manifests
