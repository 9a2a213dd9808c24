#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace faber::reconciler::debugger {

// How a solution can be carried out: by faber itself (a remedy it runs) or by a person, with a
// marker saying who (e.g. "grant_permission" for the team that owns IAM).
struct Automation {
  bool automated = false;
  std::string remedy;     // retry_with_backoff | unlock_state | reinit_providers | ""
  std::string delegate;   // grant_permission | request_quota | "" (a person acts)
};

struct Solution {
  std::string solution_id;
  std::string description;
  std::vector<std::string> steps;
  Automation automation;
  std::string impact = "low";      // low | medium | high: what carrying it out risks
  std::string source;              // where the fix is documented
  int attempts = 0, successes = 0, failures = 0;
  double total_resolution_seconds = 0;  // over successes
  std::string last_success;             // RFC 3339, "" when never
  std::vector<std::string> environments;  // where it succeeded

  // Laplace-smoothed success rate: a solution never tried counts as a coin toss, not as perfect.
  double SmoothedSuccessRate() const { return (successes + 1.0) / (attempts + 2.0); }
};

// One entry of the issue log (DESIGN.md's IssueLogEntry): an error seen, and what fixed it.
struct IssueLogEntry {
  std::string issue_id;
  std::string first_seen, last_seen;  // RFC 3339
  int occurrence_count = 0;
  std::string category, message, normalized_message, code;
  std::string environment, operation, resource_type;  // context of the last occurrence
  std::vector<Solution> solutions;
  std::vector<std::string> related_issues;
  bool resolved = false;

  // The entry as stored (issues/<issue_id>.json).
  nlohmann::json ToJson() const;
  // Parses a stored entry; kInvalidInput naming `where` when it is not one.
  static common::Result<IssueLogEntry> FromJson(const nlohmann::json& j, const std::string& where);
};

// Indexes `entries` by issue id (of duplicates, the later wins). Sorting first makes each insertion
// constant time, which matters when a large log loads.
std::map<std::string, IssueLogEntry> ByIssueId(std::vector<IssueLogEntry> entries);

// Where entries live: issues/<id>.json on the records branch, or <dir>/<id>.json for --issue-log.
class IssueStore {
 public:
  virtual ~IssueStore() = default;
  // Every stored entry, by id; damaged files are reported, not skipped silently.
  virtual common::Result<std::map<std::string, IssueLogEntry>> LoadAll() = 0;
  // Stores entries (created or updated).
  virtual common::Status Save(const std::vector<IssueLogEntry>& entries) = 0;
};

// An IssueStore on a plain directory, one JSON file per issue. Parsed entries are cached in
// `cache_file` (see IssueLogCache; empty: no cache), by default under the user's cache directory,
// never in `dir` itself.
class DirectoryIssueStore : public IssueStore {
 public:
  explicit DirectoryIssueStore(std::string dir);
  DirectoryIssueStore(std::string dir, std::filesystem::path cache_file)
      : dir_(std::move(dir)), cache_file_(std::move(cache_file)) {}
  common::Result<std::map<std::string, IssueLogEntry>> LoadAll() override;
  common::Status Save(const std::vector<IssueLogEntry>& entries) override;
  // How many files the last LoadAll had to parse (the others came from the cache).
  size_t parsed_files() const { return parsed_files_; }

 private:
  std::string dir_;
  std::filesystem::path cache_file_;
  size_t parsed_files_ = 0;
};

// Where a directory's issue-log cache lives: $XDG_CACHE_HOME (or ~/.cache)/faber/issue-log-<hash
// of the directory's absolute path>; empty when neither variable is set.
std::filesystem::path DefaultIssueCacheFile(const std::string& dir);

}  // namespace faber::reconciler::debugger
