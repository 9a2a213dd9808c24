#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "reconciler/debugger/issue_log.h"

namespace faber::reconciler::debugger {

// Finds the logged issues most like an error without comparing it with every entry: an inverted
// index from normalized words to entries; only entries sharing informative words (and those with
// the same error code) are scored. Holds pointers into the map it was built from.
class IssueIndex {
 public:
  explicit IssueIndex(const std::map<std::string, IssueLogEntry>& entries);

  // Up to `limit` entries by Jaccard similarity of their normalized words with `tokens` (an
  // entry with the same `code` is always a candidate), best first, similarity > 0 only.
  std::vector<std::pair<const IssueLogEntry*, double>> Similar(const std::vector<std::string>& tokens,
                                                               const std::string& code, size_t limit) const;

 private:
  std::vector<const IssueLogEntry*> entries_;
  std::vector<std::vector<uint32_t>> entry_tokens_;  // sorted token ids per entry
  // Hashes strings and string views alike, so words are looked up without copying them.
  struct WordHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, WordHash, std::equal_to<>> token_ids_;
  std::vector<std::vector<uint32_t>> postings_;      // token id -> entries holding it
  std::unordered_map<std::string, std::vector<uint32_t>> by_code_;
};

// The Jaccard similarity of two normalized messages' word sets.
double Similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace faber::reconciler::debugger
