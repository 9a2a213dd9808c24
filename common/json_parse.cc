#include "common/json_parse.h"

namespace faber::common {
namespace {

// The byte at which `text` passes `limit` levels, or npos.
size_t DepthExceededAt(std::string_view text, size_t limit, size_t* deepest) {
  size_t depth = 0;
  *deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > *deepest) *deepest = depth;
      if (depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

size_t JsonDepth(std::string_view text, size_t limit) {
  size_t deepest = 0;
  DepthExceededAt(text, limit, &deepest);
  return deepest;
}

nlohmann::json ParseJson(std::string_view text, std::string* error) {
  size_t deepest = 0;
  if (size_t at = DepthExceededAt(text, kMaxJsonDepth, &deepest); at != std::string_view::npos) {
    if (error) *error = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at byte " + std::to_string(at);
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    if (error) *error = e.what();
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
}

}  // namespace faber::common
