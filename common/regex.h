#pragma once

// Regular expressions over text faber did not write (outputs, attribute values, names) use RE2:
// time linear in the text and bounded stack, where std::regex recurses per character. The syntax
// is RE2's, the one Terraform's regex() functions use.

#include <memory>
#include <optional>
#include <string>

namespace re2 {
class RE2;
}

namespace faber::common {

// `pattern` compiled (errors are not logged); check ok() or use RegexError first.
std::shared_ptr<const re2::RE2> CompileRegex(const std::string& pattern, bool case_sensitive = true);

// Why `pattern` is not a valid regular expression, or nullopt when it is.
std::optional<std::string> RegexError(const std::string& pattern);

// True when `re` matches somewhere in `text`.
bool RegexSearch(const re2::RE2& re, const std::string& text);

}  // namespace faber::common
