#include "reconciler/debugger/issue_log.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <dirent.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/json_parse.h"
#include "reconciler/debugger/issue_log_cache.h"

namespace faber::reconciler::debugger {

using nlohmann::json;

json IssueLogEntry::ToJson() const {
  json solutions_json = json::array();
  for (const auto& s : solutions) {
    json automation = {{"automated", s.automation.automated}};
    if (!s.automation.remedy.empty()) automation["remedy"] = s.automation.remedy;
    if (!s.automation.delegate.empty()) automation["skill"] = s.automation.delegate;
    double percentage = s.attempts == 0 ? 0.0 : 100.0 * s.successes / s.attempts;
    solutions_json.push_back(
        {{"solution_id", s.solution_id},
         {"description", s.description},
         {"steps", s.steps},
         {"automation", automation},
         {"impact", s.impact},
         {"source", s.source},
         {"success_rate",
          {{"attempts", s.attempts}, {"successes", s.successes}, {"failures", s.failures}, {"percentage", percentage}}},
         {"avg_resolution_time_seconds", s.successes == 0 ? 0.0 : s.total_resolution_seconds / s.successes},
         {"last_success", s.last_success.empty() ? json(nullptr) : json(s.last_success)},
         {"environments", s.environments}});
  }
  return {{"issue_id", issue_id},
          {"first_seen", first_seen},
          {"last_seen", last_seen},
          {"occurrence_count", occurrence_count},
          {"resolved", resolved},
          {"error",
           {{"category", category},
            {"message", message},
            {"normalized_message", normalized_message},
            {"code", code.empty() ? json(nullptr) : json(code)},
            {"context", {{"environment", environment}, {"operation", operation}, {"resource_type", resource_type}}}}},
          {"solutions", solutions_json},
          {"related_issues", related_issues}};
}

common::Result<IssueLogEntry> IssueLogEntry::FromJson(const json& j, const std::string& where) {
  try {
    IssueLogEntry e;
    e.issue_id = j.at("issue_id").get<std::string>();
    e.first_seen = j.value("first_seen", "");
    e.last_seen = j.value("last_seen", "");
    e.occurrence_count = j.value("occurrence_count", 0);
    e.resolved = j.value("resolved", false);
    const json& err = j.at("error");
    e.category = err.value("category", "");
    e.message = err.value("message", "");
    e.normalized_message = err.value("normalized_message", "");
    e.code = err.contains("code") && err["code"].is_string() ? err["code"].get<std::string>() : "";
    if (err.contains("context")) {
      e.environment = err["context"].value("environment", "");
      e.operation = err["context"].value("operation", "");
      e.resource_type = err["context"].value("resource_type", "");
    }
    for (const auto& sj : j.value("solutions", json::array())) {
      Solution s;
      s.solution_id = sj.at("solution_id").get<std::string>();
      s.description = sj.value("description", "");
      s.steps = sj.value("steps", std::vector<std::string>{});
      if (sj.contains("automation")) {
        s.automation.automated = sj["automation"].value("automated", false);
        s.automation.remedy = sj["automation"].value("remedy", "");
        s.automation.delegate = sj["automation"].value("skill", "");
      }
      s.impact = sj.value("impact", "low");
      s.source = sj.value("source", "");
      if (sj.contains("success_rate")) {
        s.attempts = sj["success_rate"].value("attempts", 0);
        s.successes = sj["success_rate"].value("successes", 0);
        s.failures = sj["success_rate"].value("failures", 0);
      }
      s.total_resolution_seconds = sj.value("avg_resolution_time_seconds", 0.0) * s.successes;
      s.last_success = sj.contains("last_success") && sj["last_success"].is_string() ? sj["last_success"].get<std::string>() : "";
      s.environments = sj.value("environments", std::vector<std::string>{});
      e.solutions.push_back(std::move(s));
    }
    e.related_issues = j.value("related_issues", std::vector<std::string>{});
    return e;
  } catch (const json::exception& ex) {
    return common::InvalidInput(where + ": not an issue log entry: " + ex.what());
  }
}

std::map<std::string, IssueLogEntry> ByIssueId(std::vector<IssueLogEntry> entries) {
  // Sorting positions, not the (large) entries themselves.
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return entries[a].issue_id < entries[b].issue_id; });
  std::map<std::string, IssueLogEntry> out;
  for (size_t i : order) {
    IssueLogEntry& e = entries[i];
    if (!out.empty() && out.rbegin()->first == e.issue_id) {
      out.rbegin()->second = std::move(e);
    } else {
      std::string id = e.issue_id;
      out.emplace_hint(out.end(), std::move(id), std::move(e));
    }
  }
  return out;
}

DirectoryIssueStore::DirectoryIssueStore(std::string dir)
    : dir_(std::move(dir)), cache_file_(DefaultIssueCacheFile(dir_)) {}

std::filesystem::path DefaultIssueCacheFile(const std::string& dir) {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".cache";
  } else {
    return {};
  }
  std::error_code ec;
  std::string absolute = std::filesystem::weakly_canonical(dir, ec).string();
  if (ec) absolute = std::filesystem::absolute(dir).string();
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(absolute.data()), absolute.size(), digest);
  char hex[17];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return base / "faber" / (std::string("issue-log-") + hex);
}

namespace {

// Reads a whole file; nullopt when it cannot be read.
std::optional<std::string> ReadWholeFile(int dir_fd, const char* name) {
  int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[16384];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return std::nullopt;
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace

common::Result<std::map<std::string, IssueLogEntry>> DirectoryIssueStore::LoadAll() {
  parsed_files_ = 0;
  // Names are resolved against the open directory: a large log costs one path walk, not one each.
  DIR* dir = ::opendir(dir_.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return std::map<std::string, IssueLogEntry>{};
    return common::Internal("cannot read the issue log " + dir_ + ": " + std::strerror(errno));
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(dir, ::closedir);
  std::optional<IssueLogCache> cache;
  if (!cache_file_.empty()) cache.emplace(cache_file_);
  std::vector<IssueLogEntry> out;
  if (cache) out.reserve(cache->size());
  std::string key;
  while (const dirent* d = ::readdir(dir)) {
    std::string_view name = d->d_name;
    if (name.size() <= 5 || name.substr(name.size() - 5) != ".json") continue;
    auto where = [&] { return (std::filesystem::path(dir_) / name).string(); };
    struct stat st {};
    if (::fstatat(::dirfd(dir), d->d_name, &st, 0) != 0) return common::Internal("cannot read " + where());
    if (!S_ISREG(st.st_mode)) continue;
    // Any write changes the ctime (which, unlike the mtime, nothing can set back), a rewrite
    // through rename also the inode.
    char stamp[128];
    std::snprintf(stamp, sizeof stamp, "\n%lld:%lld.%ld:%ld:%llu", static_cast<long long>(st.st_size),
                  static_cast<long long>(st.st_ctim.tv_sec), static_cast<long>(st.st_ctim.tv_nsec),
                  static_cast<long>(st.st_mtim.tv_nsec), static_cast<unsigned long long>(st.st_ino));
    key.assign(name).append(stamp);
    if (cache) {
      if (auto cached = cache->Find(key)) {
        out.push_back(std::move(*cached));
        continue;
      }
    }
    ++parsed_files_;
    auto text = ReadWholeFile(::dirfd(dir), d->d_name);
    if (!text) return common::Internal("cannot read " + where());
    json j = common::ParseJson(*text);
    if (j.is_discarded()) return common::InvalidInput(where() + ": not valid JSON");
    auto e = IssueLogEntry::FromJson(j, where());
    if (!e.ok()) return e.status();
    if (cache) cache->Put(key, *e);
    out.push_back(std::move(*e));
  }
  // The cache only saves time: failing to write it loses nothing.
  if (cache) (void)cache->Save();
  return ByIssueId(std::move(out));
}

common::Status DirectoryIssueStore::Save(const std::vector<IssueLogEntry>& entries) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  for (const auto& e : entries) {
    // Written beside and renamed, so a crash never leaves half an entry.
    std::filesystem::path path = std::filesystem::path(dir_) / (e.issue_id + ".json");
    std::filesystem::path tmp = path.string() + ".tmp";
    {
      std::ofstream out(tmp);
      out << e.ToJson().dump(2) << "\n";
      if (!out) return common::Internal("cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return common::Internal("cannot write " + path.string() + ": " + ec.message());
  }
  return common::Status::Ok();
}

}  // namespace faber::reconciler::debugger
