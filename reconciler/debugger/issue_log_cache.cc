#include "reconciler/debugger/issue_log_cache.h"

#include <cstdint>
#include <cstring>
#include <fstream>

#include <unistd.h>

#include "reconciler/debugger/issue_entry_codec.h"

namespace faber::reconciler::debugger {

namespace {

// Bump the version whenever the encoding changes: older caches are then ignored, not misread.
constexpr std::string_view kMagic = "faber issue-log cache v1\n";

bool ReadChunk(std::string_view& in, std::string_view& chunk) {
  uint32_t n = 0;
  if (in.size() < sizeof(n)) return false;
  std::memcpy(&n, in.data(), sizeof(n));
  in.remove_prefix(sizeof(n));
  if (n > in.size()) return false;
  chunk = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

void AppendChunk(std::string& out, std::string_view chunk) {
  uint32_t n = static_cast<uint32_t>(chunk.size());
  char bytes[sizeof(n)];
  std::memcpy(bytes, &n, sizeof(n));
  out.append(bytes, sizeof(n));
  out.append(chunk);
}

}  // namespace

IssueLogCache::IssueLogCache(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_, std::ios::binary | std::ios::ate);
  if (!in) return;
  // Sized up front and read in one call: the cache of a large log is tens of megabytes.
  const std::streamoff size = in.tellg();
  if (size <= 0) return;
  loaded_.resize(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(loaded_.data(), size)) {
    loaded_.clear();
    return;
  }
  std::string_view rest = loaded_;
  if (rest.substr(0, kMagic.size()) != kMagic) {
    changed_ = true;  // an older or foreign file: replace it at the next Save
    return;
  }
  rest.remove_prefix(kMagic.size());
  stored_.reserve(rest.size() / 256);
  while (!rest.empty()) {
    std::string_view key, entry;
    if (!ReadChunk(rest, key) || !ReadChunk(rest, entry)) {
      stored_.clear();  // truncated: trust none of it
      changed_ = true;
      return;
    }
    stored_[key] = entry;
  }
}

std::optional<IssueLogEntry> IssueLogCache::Find(std::string_view key) {
  auto it = stored_.find(key);
  if (it == stored_.end()) return std::nullopt;
  std::string_view bytes = it->second;
  auto entry = DecodeEntry(bytes);
  if (!entry || !bytes.empty()) {
    changed_ = true;  // a damaged record: the caller parses the file and puts it back
    return std::nullopt;
  }
  kept_.emplace_back(it->first, it->second);
  return entry;
}

void IssueLogCache::Put(const std::string& key, const IssueLogEntry& entry) {
  std::string bytes;
  EncodeEntry(entry, bytes);
  added_[key] = std::move(bytes);
  changed_ = true;
}

common::Status IssueLogCache::Save() {
  if (!changed_ && kept_.size() == stored_.size()) return common::Status::Ok();
  std::string out(kMagic);
  for (const auto& [key, bytes] : kept_) {
    if (added_.count(std::string(key))) continue;  // found, then replaced
    AppendChunk(out, key);
    AppendChunk(out, bytes);
  }
  for (const auto& [key, bytes] : added_) {
    AppendChunk(out, key);
    AppendChunk(out, bytes);
  }
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  // Per process, so two processes saving at once each rename a whole file.
  std::filesystem::path tmp = file_.string() + ".tmp." + std::to_string(getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!f) return common::Internal("cannot write the issue-log cache " + tmp.string());
  }
  std::filesystem::rename(tmp, file_, ec);
  if (ec) return common::Internal("cannot write the issue-log cache " + file_.string() + ": " + ec.message());
  changed_ = false;
  return common::Status::Ok();
}

}  // namespace faber::reconciler::debugger
