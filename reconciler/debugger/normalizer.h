#pragma once

#include <regex>
#include <string>
#include <vector>

namespace faber::reconciler::debugger {

// One rule of normalization: text matching `pattern` is replaced by `placeholder`.
struct MaskPattern {
  std::string name;         // arn, uuid, ...
  std::regex pattern;
  std::string placeholder;  // <arn>, <uuid>, ...
};

// Masks the parts of an error that change from run to run and account to account (ARNs, account
// ids, UUIDs, request ids, IPs and CIDRs, timestamps, hex ids, AWS resource ids, encoded
// authorization messages, quoted names, numbers), so the same error always reads the same. The
// patterns are data: any added with Add, then the defaults, each applied in order.
class Normalizer {
 public:
  Normalizer();
  // Adds a pattern, applied before the defaults (it is more specific than they are); a malformed
  // regex throws std::regex_error.
  void Add(const std::string& name, const std::string& regex, const std::string& placeholder);
  // The normalized form of `text`: masked, lower-cased, whitespace collapsed.
  std::string Normalize(const std::string& text) const;

 private:
  std::vector<MaskPattern> custom_;
  std::vector<MaskPattern> patterns_;
};

// The words of a normalized message, for similarity (placeholders count as words).
std::vector<std::string> Tokens(const std::string& normalized);

}  // namespace faber::reconciler::debugger
