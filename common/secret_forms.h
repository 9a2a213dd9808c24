#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faber::common {

// How a known secret value shows up in output other than verbatim: tools encode it (base64 in
// user_data, Kubernetes secrets, basic auth), reverse it, and terminals and loggers wrap long lines.

// Returns the base64 forms of `value` that appear wherever it is embedded in base64 text: for each
// of the three alignments of the value within the encoded bytes, the characters that depend on
// the value alone, in the standard and the URL-safe alphabets, and the value reversed. Forms
// shorter than `min_length` are left out (they would match random base64).
std::vector<std::string> EncodedForms(std::string_view value, size_t min_length);

// Returns the ranges [begin, end) of `text` where `value` appears split by one line break ("\n"
// or "\r\n") followed by optional spaces or tabs, as a wrapped line shows it.
std::vector<std::pair<size_t, size_t>> FindWrapped(std::string_view text, std::string_view value);

}  // namespace faber::common
