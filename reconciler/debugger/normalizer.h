#pragma once

#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace faber::reconciler::debugger {

// One rule of normalization: text matching `pattern` is replaced by `placeholder`.
struct MaskPattern {
  std::string name;                       // arn, uuid, ...
  std::shared_ptr<const re2::RE2> pattern;
  std::string rewrite;                    // the placeholder in RE2's rewrite syntax (\1 for a group)
};

// Masks the parts of an error that change from run to run and account to account (ARNs, account
// ids, UUIDs, request ids, IPs and CIDRs, timestamps, hex ids, AWS resource ids, encoded
// authorization messages, quoted names, numbers), so the same error always reads the same. The
// patterns are data: any added with Add, then the defaults, each applied in order.
class Normalizer {
 public:
  Normalizer();
  // Adds a pattern (RE2 syntax), applied before the defaults (it is more specific than they are);
  // $1..$9 in the placeholder stand for groups. A malformed regex throws std::invalid_argument.
  void Add(const std::string& name, const std::string& regex, const std::string& placeholder);
  // The normalized form of `text`: masked, lower-cased, whitespace collapsed.
  std::string Normalize(const std::string& text) const;

 private:
  std::vector<MaskPattern> custom_;
  std::vector<MaskPattern> patterns_;
};

// The words of a normalized message, for similarity (placeholders count as words).
std::vector<std::string> Tokens(const std::string& normalized);

// Calls `on_word(std::string_view)` for each word Tokens would return, in order, allocating
// nothing (the issue index tokenizes every logged message when it loads).
template <typename OnWord>
void ForEachToken(std::string_view normalized, OnWord&& on_word) {
  size_t start = 0;
  auto flush = [&](size_t end) {
    // Trailing dots of sentence ends are not part of words.
    while (end > start && normalized[end - 1] == '.') --end;
    if (end > start) on_word(normalized.substr(start, end - start));
  };
  for (size_t i = 0; i < normalized.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(normalized[i]);
    bool word_char = std::isalnum(c) || c == '<' || c == '>' || c == '-' || c == '_' || c == '.';
    if (!word_char) {
      flush(i);
      start = i + 1;
    }
  }
  flush(normalized.size());
}

}  // namespace faber::reconciler::debugger
