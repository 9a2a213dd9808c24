#include "reconciler/debugger/issue_index.h"

#include <algorithm>
#include <set>

#include "reconciler/debugger/normalizer.h"

namespace faber::reconciler::debugger {

IssueIndex::IssueIndex(const std::map<std::string, IssueLogEntry>& entries) {
  entries_.reserve(entries.size());
  entry_tokens_.reserve(entries.size());
  for (const auto& [id, entry] : entries) {
    uint32_t index = static_cast<uint32_t>(entries_.size());
    entries_.push_back(&entry);
    std::vector<uint32_t> ids;
    ForEachToken(entry.normalized_message, [&](std::string_view token) {
      auto it = token_ids_.find(token);
      if (it == token_ids_.end()) {
        it = token_ids_.emplace(std::string(token), static_cast<uint32_t>(postings_.size())).first;
        postings_.emplace_back();
      }
      ids.push_back(it->second);
    });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint32_t t : ids) postings_[t].push_back(index);
    entry_tokens_.push_back(std::move(ids));
    if (!entry.code.empty()) by_code_[entry.code].push_back(index);
  }
}

std::vector<std::pair<const IssueLogEntry*, double>> IssueIndex::Similar(const std::vector<std::string>& tokens,
                                                                         const std::string& code, size_t limit) const {
  std::vector<uint32_t> query;
  for (const auto& t : tokens) {
    auto it = token_ids_.find(t);
    if (it != token_ids_.end()) query.push_back(it->second);
  }
  std::sort(query.begin(), query.end());
  query.erase(std::unique(query.begin(), query.end()), query.end());
  std::set<std::string> distinct(tokens.begin(), tokens.end());
  const size_t query_size = distinct.size();

  // Words that most entries hold ("error", "<n>") say little: past a share of the log they only
  // count for entries found through rarer words.
  const size_t common_cutoff = std::max<size_t>(50, entries_.size() / 20);
  std::unordered_map<uint32_t, uint32_t> shared;
  for (uint32_t t : query) {
    if (postings_[t].size() > common_cutoff) continue;
    for (uint32_t e : postings_[t]) ++shared[e];
  }
  if (auto it = by_code_.find(code); !code.empty() && it != by_code_.end()) {
    for (uint32_t e : it->second) shared.try_emplace(e, 0);
  }
  std::vector<std::pair<const IssueLogEntry*, double>> out;
  out.reserve(shared.size());
  for (const auto& [e, rare_hits] : shared) {
    // Exact Jaccard over all words, computed on the sorted id lists.
    const auto& mine = entry_tokens_[e];
    size_t both = 0;
    for (size_t i = 0, j = 0; i < mine.size() && j < query.size();) {
      if (mine[i] == query[j]) {
        ++both, ++i, ++j;
      } else if (mine[i] < query[j]) {
        ++i;
      } else {
        ++j;
      }
    }
    size_t either = mine.size() + query_size - both;
    double sim = either == 0 ? 0 : static_cast<double>(both) / static_cast<double>(either);
    if (sim > 0 || rare_hits > 0) out.emplace_back(entries_[e], sim);
  }
  size_t keep = std::min(limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<long>(keep), out.end(),
                    [](const auto& a, const auto& b) { return a.second > b.second; });
  out.resize(keep);
  return out;
}

double Similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  size_t both = 0;
  for (const auto& w : sa) both += sb.count(w);
  size_t either = sa.size() + sb.size() - both;
  return either == 0 ? 0 : static_cast<double>(both) / static_cast<double>(either);
}

}  // namespace faber::reconciler::debugger
