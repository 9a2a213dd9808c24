#pragma once

// Internal to manifests/: walks yaml-cpp nodes and turns every problem into a positioned error
// "file:line:col: field.path: message", collected rather than thrown, so a person sees all the
// mistakes of a configuration file at once.

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace faber::manifests {

// A YAML value together with what an error about it needs: its field path and where to point.
struct Field {
  YAML::Node node;
  std::string path;  // "environments[0].engine"; empty for the document root
  YAML::Mark mark;   // the value's position, or its key's when the value is empty (yaml-cpp
                     // places an empty value at the next token, which may be lines away)

  // Returns the field of map entry `key` whose key node is `key_node`.
  Field Child(std::string_view key, const YAML::Node& key_node, const YAML::Node& value) const;
  // Returns the field of list item `index`.
  Field Item(size_t index, const YAML::Node& value) const;
};

// Positioned errors of one file, reported in source order, at most kMaxReported of them.
class ErrorList {
 public:
  static constexpr size_t kMaxReported = 50;

  explicit ErrorList(std::string file) : file_(std::move(file)) {}

  // Records "file:line:col: path: message" (line and column 1-based; path omitted when empty).
  void Add(const YAML::Mark& mark, const std::string& path, const std::string& message);
  void Add(const Field& field, const std::string& message) { Add(field.mark, field.path, message); }
  bool empty() const { return errors_.empty(); }
  // Returns Ok when empty, else kInvalidInput with one error per line.
  common::Status ToStatus() const;

 private:
  struct Entry {
    int line;
    int column;
    std::string text;
  };
  std::string file_;
  std::vector<Entry> errors_;
};

// Parses `text` as exactly one YAML document. Syntax errors, an empty file and extra documents
// are recorded in `errors` and yield nullopt.
std::optional<Field> LoadDocument(const std::string& text, ErrorList& errors);

// A mapping whose keys are checked on construction: unknown keys (with a "did you mean"),
// duplicate keys and non-string keys are reported, and a non-map is a type error.
class MapReader {
 public:
  MapReader(const Field& field, ErrorList& errors, std::vector<std::string_view> known_keys);

  // False when the field was not a map (the error is already recorded).
  bool valid() const { return valid_; }
  const Field& field() const { return field_; }
  // Returns the entry `key`, or nullopt when it is absent.
  std::optional<Field> Get(std::string_view key) const;
  // Like Get, but records "required field is missing" (at the map) when absent.
  std::optional<Field> Require(std::string_view key) const;

 private:
  Field field_;
  ErrorList& errors_;
  bool valid_ = false;
  std::vector<std::pair<std::string, Field>> entries_;  // known keys only, first occurrence, in order
};

// Returns "a map", "a list", "a scalar" or "an empty value" for error messages.
std::string DescribeType(const YAML::Node& node);
// Returns `text` in double quotes with quotes, backslashes and control characters escaped.
std::string Quote(const std::string& text);
// Returns the candidate closest to `word` by edit distance when close enough to be a likely typo,
// else the one candidate containing `word`.
std::optional<std::string> Suggest(std::string_view word, const std::vector<std::string_view>& candidates);

// Checks a string for a field; returns the problem ("must be ...") or nullopt when fine. The
// reader appends the value: `must be ... (got "x")`.
using StringCheck = std::function<std::optional<std::string>(const std::string&)>;

// Reads a non-empty scalar as text; records type and `check` errors and returns nullopt on them.
std::optional<std::string> ReadString(const Field& field, ErrorList& errors, const StringCheck& check = nullptr);
// Reads a scalar that must be one of `choices`.
std::optional<std::string> ReadEnum(const Field& field, ErrorList& errors, const std::vector<std::string>& choices);
// Reads an integer within [min, max].
std::optional<int> ReadInt(const Field& field, ErrorList& errors, int min, int max);
// Reads a finite number that is at least `min`.
std::optional<double> ReadNumber(const Field& field, ErrorList& errors, double min);
// Reads true or false.
std::optional<bool> ReadBool(const Field& field, ErrorList& errors);
// Reads a duration (see ParseDuration); zero is an error unless `allow_zero`.
std::optional<std::chrono::milliseconds> ReadDuration(const Field& field, ErrorList& errors, bool allow_zero);
// Returns the items of a list; records a type error and returns nullopt for a non-list.
std::optional<std::vector<Field>> ReadList(const Field& field, ErrorList& errors);
// Reads a list of strings, each checked with `check`; bad items are reported and left out.
std::optional<std::vector<std::string>> ReadStringList(const Field& field, ErrorList& errors,
                                                       const StringCheck& check = nullptr);

}  // namespace faber::manifests
