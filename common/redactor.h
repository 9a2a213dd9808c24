#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace re2 {
class RE2;
}

namespace faber::common {

// Replaces secrets in text before it is written to a record, a log line or a comment.
// Two sources: patterns (AWS keys, tokens, passwords in URLs and assignments, private keys, ...)
// and known secret values (e.g. the values of the variables handed to a deploy), which are also
// found base64-encoded, reversed and wrapped across a line break.
// Thread-safe: values may be added while other threads redact.
class Redactor {
 public:
  // Starts with the built-in patterns.
  Redactor();
  // Adds a regular expression (RE2 syntax, case-insensitive); a first capture group, if any, is
  // kept before the mask as context, a second one after it, and the rest of the match is
  // replaced (unless it is true, false or null: a setting). Errors name the invalid pattern.
  Status AddPattern(const std::string& regex);
  // Adds a literal secret; values shorter than 4 characters are ignored (they would mask noise).
  // Its encoded forms (secret_forms.h) of 8 characters or more are added with it.
  void AddSecretValue(std::string value);
  // Returns `text` with every secret replaced by "[REDACTED]".
  std::string Redact(std::string_view text) const;

  static constexpr const char* kMask = "[REDACTED]";

 private:
  explicit Redactor(std::nullptr_t) {}  // no patterns: builds the shared built-in set
  struct Pattern {
    std::shared_ptr<const re2::RE2> regex;  // groups 1 and 2, when present, are kept around the mask
  };
  struct Prefilter;  // every pattern in one automaton: a line none matches is scanned once
  // Masks the known values (verbatim, encoded, wrapped) in `text`.
  std::string MaskValues(std::string_view text) const;
  mutable std::mutex mu_;
  std::vector<Pattern> patterns_;
  std::shared_ptr<const Prefilter> prefilter_;  // rebuilt when a pattern is added
  std::vector<std::string> values_;  // longest first, so a value containing another is masked whole
  std::vector<std::string> wrapped_;  // the values as given, looked for across line breaks
};

// True when an environment variable of this name conventionally holds a secret.
bool LooksLikeSecretName(std::string_view name);

}  // namespace faber::common
