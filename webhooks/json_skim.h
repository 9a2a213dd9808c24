#pragma once

// A validating scanner for webhook bodies: it walks the top-level JSON object, checks the whole
// text as nlohmann::json::parse would, and builds only the members the caller reads. Everything
// else (commits, senders, organizations, padding) is stepped over without being copied.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace faber::webhooks {

// What SkimObject made of a body.
struct SkimResult {
  enum class Outcome {
    kObject,       // valid JSON whose top-level value is an object; `doc` holds the kept members
    kNotAnObject,  // the top-level value does not start with '{'; the rest was not looked at
    kInvalid,      // not JSON; `error_byte` says where
  };
  Outcome outcome = Outcome::kInvalid;
  nlohmann::json doc;
  // 1-based offset of the byte where the text stopped being JSON (size + 1 when it ended early),
  // counted as nlohmann counts its parse_error::byte.
  std::size_t error_byte = 0;
};

// Validates `body` as one JSON value (RFC 8259 as nlohmann::json::parse accepts it: UTF-8, an
// optional BOM, a NUL byte ending the text) and, when it is an object, returns its top-level
// members named in `keep` parsed in full (the last one wins for a repeated name) and nothing else.
SkimResult SkimObject(std::string_view body, const std::vector<std::string>& keep);

}  // namespace faber::webhooks
