#pragma once

// JSON from outside faber (plans, state, webhooks, records, .tf.json, tool output) is parsed here,
// so every such document has the same nesting limit: code that walks a document recursively
// (masking, conversion, rendering) must never meet one deep enough to overflow the stack.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace faber::common {

// Arrays and objects nested deeper than this are refused. Real plans and payloads stay far below.
constexpr size_t kMaxJsonDepth = 512;

// The deepest nesting of arrays and objects in `text` (what strings hold does not count),
// counting no further than `limit + 1`. Malformed text is measured as far as it goes.
size_t JsonDepth(std::string_view text, size_t limit = kMaxJsonDepth);

// Parses `text`; a discarded value when it is not JSON or nests deeper than kMaxJsonDepth, with
// the reason in *error when given ("nested deeper than 512 levels at byte 1200", or the parser's
// message with its byte position).
nlohmann::json ParseJson(std::string_view text, std::string* error = nullptr);

}  // namespace faber::common
