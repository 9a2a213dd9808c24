#pragma once

// The redactor before known values were matched in their encoded forms and patterns pre-filtered
// as a set: the baseline redaction_bench measures against.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace re2 {
class RE2;
}

namespace faber::bench::legacy {

using Status = faber::common::Status;

// Replaces secrets in text before it is written to a record, a log line or a comment.
// Two sources: patterns (AWS keys, tokens, passwords in URLs and assignments, private keys, ...)
// and known secret values (e.g. the values of secret-looking variables handed to a deploy).
// Thread-safe: values may be added while other threads redact.
class Redactor {
 public:
  // Starts with the built-in patterns.
  Redactor();
  // Adds a regular expression (RE2 syntax, case-insensitive); a first capture group, if any, is
  // kept before the mask as context, a second one after it, and the rest of the match is
  // replaced. Errors name the invalid pattern.
  Status AddPattern(const std::string& regex);
  // Adds a literal secret; values shorter than 4 characters are ignored (they would mask noise).
  void AddSecretValue(std::string value);
  // Returns `text` with every secret replaced by "[REDACTED]".
  std::string Redact(std::string_view text) const;

  static constexpr const char* kMask = "[REDACTED]";

 private:
  explicit Redactor(std::nullptr_t) {}  // no patterns: builds the shared built-in set
  struct Pattern {
    std::shared_ptr<const re2::RE2> regex;
    std::string rewrite;  // the mask, with the kept groups around it
  };
  mutable std::mutex mu_;
  std::vector<Pattern> patterns_;
  std::vector<std::string> values_;  // longest first, so a value containing another is masked whole
};

// True when an environment variable of this name conventionally holds a secret.
bool LooksLikeSecretName(std::string_view name);

}  // namespace faber::bench::legacy
