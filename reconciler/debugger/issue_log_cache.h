#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "reconciler/debugger/issue_log.h"

namespace faber::reconciler::debugger {

// A local cache of parsed issue-log entries, so that loading a large log does not parse every
// JSON file again. Entries are keyed by a content address of their stored form (a git blob id, or
// a file's name, size, mtime and inode), so a changed file is never served stale. The cache is
// derived data: a missing, damaged or older-format file is simply empty, and the log itself
// (the JSON files) stays the record.
class IssueLogCache {
 public:
  // Reads `file` (absent or unreadable: an empty cache).
  explicit IssueLogCache(std::filesystem::path file);

  // The entry cached under `key`, or nullopt; a hit keeps the entry at the next Save.
  std::optional<IssueLogEntry> Find(std::string_view key);
  // How many entries the file held when read.
  size_t size() const { return stored_.size(); }
  // Caches `entry` under `key` (kept at the next Save).
  void Put(const std::string& key, const IssueLogEntry& entry);
  // Rewrites the file with exactly the entries found or put since it was read, when that differs
  // from what it held; written beside and renamed, so readers never see half a cache.
  common::Status Save();

 private:
  std::filesystem::path file_;
  std::string loaded_;                                                // the file as read
  std::unordered_map<std::string_view, std::string_view> stored_;  // key -> encoded entry, in loaded_
  std::vector<std::pair<std::string_view, std::string_view>> kept_;  // found: key, encoded entry
  std::unordered_map<std::string, std::string> added_;               // put: key -> encoded entry
  bool changed_ = false;
};

}  // namespace faber::reconciler::debugger
