#include "common/yaml_limits.h"

namespace faber::common {
namespace {

// True when a '[', '{' or '*' at `i` starts a YAML token rather than sitting inside a plain
// scalar such as ^[a-z]+ or a*b: it follows the start of a line, indentation, a value or item
// indicator, a comma or another collection opener.
bool StartsToken(std::string_view text, size_t i) {
  size_t j = i;
  while (j > 0 && text[j - 1] == ' ') --j;
  if (j == 0 || text[j - 1] == '\n') return true;
  const char before = text[j - 1];
  if (before == '[' || before == '{' || before == ',') return true;
  // ": [" and "- [" need the space YAML requires after the indicator.
  return (before == ':' || before == '-') && j < i;
}

// True when a ',' at `i`, outside any flow collection, would start a token: YAML never allows
// that (a comma is not a plain scalar's first character), and yaml-cpp 0.7 loops forever on one
// at document level ("[a]\n,", "--- ,", "&x ,"). Besides StartsToken's places, that is after a
// closed collection, an anchor, a tag or an alias, and a document marker and the space after it.
bool CommaStartsToken(std::string_view text, size_t i) {
  if (StartsToken(text, i)) return true;
  size_t j = i;
  while (j > 0 && text[j - 1] == ' ') --j;
  const char before = text[j - 1];
  if (before == ']' || before == '}') return true;
  size_t word = j;
  while (word > 0 && text[word - 1] != ' ' && text[word - 1] != '\n') --word;
  std::string_view previous = text.substr(word, j - word);
  // An anchor, a tag or an alias ends where a ',' begins, with a space between or without ("!,"):
  // none of them may hold a comma.
  bool prop = previous[0] == '&' || previous[0] == '!' || previous[0] == '*';
  if (prop && StartsToken(text, word)) return true;
  if (j == i) return false;  // "a," is part of a plain scalar
  return previous == "..." && (word == 0 || text[word - 1] == '\n');
}

// True when only spaces stand between the start of the line and `i`.
bool FirstOnLine(std::string_view text, size_t i) {
  size_t j = i;
  while (j > 0 && text[j - 1] == ' ') --j;
  return j == 0 || text[j - 1] == '\n';
}

}  // namespace

Status CheckYamlText(std::string_view text, const std::string& name, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return InvalidInput(name + ": " + std::to_string(text.size()) + " bytes, more than the " +
                        std::to_string(limits.max_bytes) + " faber reads from a YAML file");
  }
  size_t line = 1, depth = 0, aliases = 0;
  char quote = 0;  // the quote of the scalar being read, 0 outside one
  bool comment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      comment = false;
      continue;
    }
    if (comment) continue;
    // Whether a quote at a line's start opens a quoted scalar or continues a plain one depends on
    // the indentation around it, which this scan does not follow ("s\n' #\n," is a plain scalar
    // and a comment, then a comma yaml-cpp never returns on). So a comma that starts a line
    // outside [ ] and { } is refused whatever the quote state: inside a quoted scalar that costs
    // only a line break moved, never a hang.
    if (c == ',' && depth == 0 && FirstOnLine(text, i)) {
      return InvalidInput(name + ":" + std::to_string(line) + ": a ',' outside [ ] or { } cannot start a value");
    }
    if (quote) {
      if (quote == '"' && c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if ((c == '"' || c == '\'') && StartsToken(text, i)) {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      comment = true;
    } else if ((c == '[' || c == '{') && (depth > 0 || StartsToken(text, i))) {
      if (++depth > limits.max_flow_depth) {
        return InvalidInput(name + ":" + std::to_string(line) + ": collections nest more than " +
                            std::to_string(limits.max_flow_depth) + " levels deep");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0 && CommaStartsToken(text, i)) {
      return InvalidInput(name + ":" + std::to_string(line) + ": a ',' outside [ ] or { } cannot start a value");
    } else if (c == '*' && StartsToken(text, i) && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\n' &&
               ++aliases > limits.max_aliases) {  // "*name"; "* item" is text
      return InvalidInput(name + ":" + std::to_string(line) + ": more than " + std::to_string(limits.max_aliases) +
                          " aliases");
    }
  }
  return Status::Ok();
}

}  // namespace faber::common
