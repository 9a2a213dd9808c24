#include "manifests/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "manifests/faber_config.h"
#include "manifests/yaml_documents.h"

namespace faber::manifests {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: a swapped pair of letters ("tset") counts as one edit,
// which is the commonest typo in hand-written keys.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string Join(const std::vector<std::string_view>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

// Wraps a check's message with the offending value so the reader sees what was parsed.
void AddWithValue(const Field& field, ErrorList& errors, const std::string& problem) {
  errors.Add(field, problem + " (got " + Quote(field.node.Scalar()) + ")");
}

}  // namespace

Field Field::Child(std::string_view key, const YAML::Node& key_node, const YAML::Node& value) const {
  std::string child_path = path.empty() ? std::string(key) : path + "." + std::string(key);
  return Field{value, std::move(child_path), value.IsNull() ? key_node.Mark() : value.Mark()};
}

Field Field::Item(size_t index, const YAML::Node& value) const {
  return Field{value, path + "[" + std::to_string(index) + "]", value.IsNull() ? mark : value.Mark()};
}

void ErrorList::Add(const YAML::Mark& mark, const std::string& path, const std::string& message) {
  std::string text = file_;
  if (!mark.is_null()) text += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  text += ": ";
  if (!path.empty()) text += path + ": ";
  text += message;
  errors_.push_back({mark.line, mark.column, std::move(text)});
}

common::Status ErrorList::ToStatus() const {
  if (errors_.empty()) return common::Status::Ok();
  std::vector<Entry> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::string message;
  for (size_t i = 0; i < sorted.size() && i < kMaxReported; ++i) message += (i ? "\n" : "") + sorted[i].text;
  if (sorted.size() > kMaxReported) {
    message += "\n" + file_ + ": ... and " + std::to_string(sorted.size() - kMaxReported) + " more errors";
  }
  return common::InvalidInput(std::move(message));
}

std::optional<Field> LoadDocument(const std::string& text, ErrorList& errors) {
  YamlDocuments documents;
  YAML::Node root;
  try {
    // Counted first, without yaml-cpp's LoadAll: that one never returns on a token no document
    // can start with (a stray ',' in block context) and would hand out empty documents for ever.
    documents = CountYamlDocuments(text);
    if (!documents.stuck) root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    errors.Add(e.mark, "", "invalid YAML: " + e.msg);
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    errors.Add(e.mark, "", "invalid YAML: " + e.msg);
    return std::nullopt;
  }
  if (documents.stuck) {
    const size_t at = static_cast<size_t>(std::max(0, documents.stuck->pos));
    const unsigned char c = at < text.size() ? static_cast<unsigned char>(text[at]) : 0;
    char shown[16];
    std::snprintf(shown, sizeof(shown), std::isprint(c) ? "'%c'" : "byte 0x%02x", c);
    errors.Add(*documents.stuck, "", std::string("invalid YAML: no value can start with ") + shown);
    return std::nullopt;
  }
  YAML::Mark start;  // line 0, column 0: the top of the file
  if (documents.count == 0 || root.IsNull()) {
    errors.Add(start, "", "the file is empty (expected a map of settings)");
    return std::nullopt;
  }
  if (documents.count > 1) {
    errors.Add(documents.second_null ? start : documents.second, "",
               "only one YAML document is allowed, found " + std::to_string(documents.count));
    return std::nullopt;
  }
  return Field{root, "", root.Mark()};
}

MapReader::MapReader(const Field& field, ErrorList& errors, std::vector<std::string_view> known_keys)
    : field_(field), errors_(errors) {
  if (!field.node.IsMap()) {
    errors.Add(field, "expected a map, got " + DescribeType(field.node));
    return;
  }
  valid_ = true;
  std::map<std::string, int> first_line;  // key -> 1-based line of its first occurrence
  // By value: yaml-cpp's iterator hands out its pair through a temporary proxy, so a reference
  // to `it->first` dangles once the statement ends.
  for (const auto& entry : field.node) {
    const YAML::Node key = entry.first;
    const YAML::Node value = entry.second;
    if (!key.IsScalar()) {
      errors.Add(key.Mark(), field.path, "keys must be strings, got " + DescribeType(key));
      continue;
    }
    const std::string& name = key.Scalar();
    Field child = field.Child(name, key, value);
    child.mark = key.Mark();  // key errors point at the key itself
    if (auto [pos, inserted] = first_line.emplace(name, key.Mark().line + 1); !inserted) {
      errors.Add(child, "duplicate key (first set at line " + std::to_string(pos->second) + ")");
      continue;
    }
    if (std::find(known_keys.begin(), known_keys.end(), name) == known_keys.end()) {
      auto suggestion = Suggest(name, known_keys);
      errors.Add(child, suggestion ? "unknown key (did you mean " + Quote(*suggestion) + "?)"
                                   : "unknown key (expected one of: " + Join(known_keys) + ")");
      continue;
    }
    entries_.emplace_back(name, field.Child(name, key, value));
  }
}

std::optional<Field> MapReader::Get(std::string_view key) const {
  for (const auto& [name, entry] : entries_) {
    if (name == key) return entry;
  }
  return std::nullopt;
}

std::optional<Field> MapReader::Require(std::string_view key) const {
  auto entry = Get(key);
  if (!entry && valid_) {
    std::string path = field_.path.empty() ? std::string(key) : field_.path + "." + std::string(key);
    errors_.Add(field_.mark, path, "required field is missing");
  }
  return entry;
}

std::string DescribeType(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    default: return "an empty value";
  }
}

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : std::string("\\x") + kHex[(c >> 4) & 0xf] + kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::optional<std::string> Suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::string lower = Lower(word);
  const size_t limit = lower.size() <= 3 ? 1 : lower.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    size_t distance = EditDistance(lower, Lower(candidate));
    if (distance < best_distance && distance < candidate.size()) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  if (best || lower.size() < 4) return best;
  // A fragment of a longer key ("secret" for "webhook_secret_file") or a different ending of the
  // same word ("retry" for "retries") is as telling as a typo.
  for (const auto& candidate : candidates) {
    const std::string other = Lower(candidate);
    size_t prefix = 0;
    while (prefix < lower.size() && prefix < other.size() && lower[prefix] == other[prefix]) ++prefix;
    if (other.find(lower) == std::string::npos && (prefix < 4 || prefix + 2 < lower.size())) continue;
    if (best) return std::nullopt;  // ambiguous: better no suggestion than a wrong one
    best = std::string(candidate);
  }
  return best;
}

std::optional<std::string> ReadString(const Field& field, ErrorList& errors, const StringCheck& check) {
  if (!field.node.IsScalar()) {
    errors.Add(field, "expected a string, got " + DescribeType(field.node));
    return std::nullopt;
  }
  const std::string& value = field.node.Scalar();
  if (value.empty()) {
    errors.Add(field, "must not be empty");
    return std::nullopt;
  }
  if (check) {
    if (auto problem = check(value)) {
      AddWithValue(field, errors, *problem);
      return std::nullopt;
    }
  }
  return value;
}

std::optional<std::string> ReadEnum(const Field& field, ErrorList& errors, const std::vector<std::string>& choices) {
  return ReadString(field, errors, [&choices](const std::string& value) -> std::optional<std::string> {
    if (std::find(choices.begin(), choices.end(), value) != choices.end()) return std::nullopt;
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    return "must be one of " + list;
  });
}

std::optional<int> ReadInt(const Field& field, ErrorList& errors, int min, int max) {
  auto text = ReadString(field, errors);
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    AddWithValue(field, errors, "expected an integer");
    return std::nullopt;
  }
  if (value < min || value > max) {
    AddWithValue(field, errors, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<double> ReadNumber(const Field& field, ErrorList& errors, double min) {
  auto text = ReadString(field, errors);
  if (!text) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(value)) {
    AddWithValue(field, errors, "expected a number");
    return std::nullopt;
  }
  if (value < min) {
    std::string bound = std::to_string(min);
    bound.erase(bound.find_last_not_of('0') + 1);
    if (bound.back() == '.') bound.pop_back();
    AddWithValue(field, errors, "must be at least " + bound);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ReadBool(const Field& field, ErrorList& errors) {
  auto text = ReadString(field, errors);
  if (!text) return std::nullopt;
  // Only YAML 1.2 booleans: yes/no/on/off are ambiguous and a classic source of surprises.
  std::string lower = Lower(*text);
  if ((lower == "true" || lower == "false") && field.node.Tag() == "?") return lower == "true";
  AddWithValue(field, errors, "expected true or false");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> ReadDuration(const Field& field, ErrorList& errors, bool allow_zero) {
  auto text = ReadString(field, errors);
  if (!text) return std::nullopt;
  std::chrono::milliseconds value{0};
  if (!ParseDuration(*text, &value)) {
    AddWithValue(field, errors, "expected a duration such as 500ms, 2s, 1m30s, 1h or a number of seconds");
    return std::nullopt;
  }
  if (value.count() == 0 && !allow_zero) {
    AddWithValue(field, errors, "must be greater than zero");
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<Field>> ReadList(const Field& field, ErrorList& errors) {
  if (!field.node.IsSequence()) {
    errors.Add(field, "expected a list, got " + DescribeType(field.node));
    return std::nullopt;
  }
  std::vector<Field> items;
  size_t index = 0;
  for (auto it = field.node.begin(); it != field.node.end(); ++it, ++index) items.push_back(field.Item(index, *it));
  return items;
}

std::optional<std::vector<std::string>> ReadStringList(const Field& field, ErrorList& errors,
                                                       const StringCheck& check) {
  auto items = ReadList(field, errors);
  if (!items) return std::nullopt;
  std::vector<std::string> values;
  for (const Field& item : *items) {
    if (auto value = ReadString(item, errors, check)) values.push_back(*value);
  }
  return values;
}

}  // namespace faber::manifests
