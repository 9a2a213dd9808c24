#include "store/tree_export.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "store/git_handles.h"

namespace faber::store {
namespace {

namespace fs = std::filesystem;
using common::Status;

bool IsReservedName(const std::string& name) {
  if (name == "." || name == ".." || name.empty() || name.find('/') != std::string::npos) return true;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == ".git";  // Git refuses it in trees too: it would be taken for a repository
}

Status RemoveEntry(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);  // removes a symlink itself, never what it points at
  if (ec) return common::Internal("cannot remove " + path.string() + ": " + ec.message());
  return Status::Ok();
}

// True when the regular file at `path` (not a symlink: O_NOFOLLOW) holds exactly `content`.
bool HoldsContent(const fs::path& path, const std::string& content) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  std::string buffer(std::min<size_t>(content.size() + 1, 1 << 16), '\0');
  size_t offset = 0;
  bool same = true;
  while (same) {
    ssize_t n = read(fd, buffer.data(), buffer.size());
    if (n < 0) same = false;
    if (n <= 0) break;
    const size_t got = static_cast<size_t>(n);
    same = offset + got <= content.size() && content.compare(offset, got, buffer.data(), got) == 0;
    offset += got;
  }
  close(fd);
  return same && offset == content.size();
}

Status WriteNewFile(const fs::path& path, const std::string& content, bool executable) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0755 : 0644);
  if (fd < 0) return common::Internal("cannot write " + path.string());
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = write(fd, content.data() + off, content.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  close(fd);
  if (off != content.size()) return common::Internal("short write to " + path.string());
  return Status::Ok();
}

// A real directory at `path` (a symlink or file there is removed first).
Status EnsureDirectory(const fs::path& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    FABER_RETURN_IF_ERROR(RemoveEntry(path));
  }
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return common::Internal("cannot create " + path.string() + ": " + ec.message());
  return Status::Ok();
}

Status SyncBlob(git_repository* repo, const git_tree_entry* entry, const fs::path& path) {
  const git_filemode_t mode = git_tree_entry_filemode(entry);
  auto blob = ReadBlob(repo, *git_tree_entry_id(entry));
  if (!blob.ok()) return blob.status();
  const std::string& content = *blob;
  struct stat st;
  const bool exists = lstat(path.c_str(), &st) == 0;
  if (mode == GIT_FILEMODE_LINK) {
    if (exists && S_ISLNK(st.st_mode)) {
      std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
      ssize_t n = readlink(path.c_str(), target.data(), target.size());
      if (n >= 0 && static_cast<size_t>(n) == content.size() && target.compare(0, content.size(), content) == 0) {
        return Status::Ok();
      }
    }
    if (exists) FABER_RETURN_IF_ERROR(RemoveEntry(path));
    if (symlink(content.c_str(), path.c_str()) != 0) return common::Internal("cannot create symlink " + path.string());
    return Status::Ok();
  }
  const bool executable = mode == GIT_FILEMODE_BLOB_EXECUTABLE;
  // Kept only when it is this content in a file of its own (one link: not another file's alias)
  // with the same executable bit.
  if (exists && S_ISREG(st.st_mode) && st.st_nlink == 1 && static_cast<size_t>(st.st_size) == content.size() &&
      ((st.st_mode & S_IXUSR) != 0) == executable && HoldsContent(path, content)) {
    return Status::Ok();
  }
  if (exists) FABER_RETURN_IF_ERROR(RemoveEntry(path));
  return WriteNewFile(path, content, executable);
}

// The names in directory `dir` (without "." and "..").
std::vector<std::string> EntriesOf(const fs::path& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (const dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  closedir(d);
  return names;
}

}  // namespace

Status SyncTreeInto(git_repository* repo, git_tree* tree, const fs::path& dest) {
  FABER_RETURN_IF_ERROR(EnsureDirectory(dest));
  std::set<std::string> names;
  for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    std::string name = git_tree_entry_name(entry);
    if (IsReservedName(name)) return common::InvalidInput("refusing to export the unsafe path '" + name + "'");
    names.insert(name);
    const fs::path path = dest / name;
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode == GIT_FILEMODE_TREE) {
      auto sub = LookupTree(repo, *git_tree_entry_id(entry));
      if (!sub.ok()) return sub.status();
      FABER_RETURN_IF_ERROR(SyncTreeInto(repo, sub->get(), path));
    } else if (mode == GIT_FILEMODE_COMMIT) {  // a submodule: its content is not in this repository
      FABER_RETURN_IF_ERROR(EnsureDirectory(path));
      for (const auto& inside : EntriesOf(path)) FABER_RETURN_IF_ERROR(RemoveEntry(path / inside));
    } else {
      FABER_RETURN_IF_ERROR(SyncBlob(repo, entry, path));
    }
  }
  for (const auto& name : EntriesOf(dest)) {
    if (!names.count(name)) FABER_RETURN_IF_ERROR(RemoveEntry(dest / name));
  }
  return Status::Ok();
}

}  // namespace faber::store
