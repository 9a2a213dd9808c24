#include "common/regex.h"

#include <re2/re2.h>

namespace faber::common {

std::shared_ptr<const re2::RE2> CompileRegex(const std::string& pattern, bool case_sensitive) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(case_sensitive);
  return std::make_shared<const re2::RE2>(pattern, options);
}

std::optional<std::string> RegexError(const std::string& pattern) {
  auto re = CompileRegex(pattern);
  if (re->ok()) return std::nullopt;
  return re->error();
}

bool RegexSearch(const re2::RE2& re, const std::string& text) { return re2::RE2::PartialMatch(text, re); }

}  // namespace faber::common
