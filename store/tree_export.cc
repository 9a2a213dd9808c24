#include "store/tree_export.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/files.h"
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

// Syncs `tree` into `dest` (see SyncTreeInto), adding the symlinks it holds to `links`.
Status SyncTree(git_repository* repo, git_tree* tree, const fs::path& dest, std::vector<fs::path>& links) {
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
      FABER_RETURN_IF_ERROR(SyncTree(repo, sub->get(), path, links));
    } else if (mode == GIT_FILEMODE_COMMIT) {  // a submodule: its content is not in this repository
      FABER_RETURN_IF_ERROR(EnsureDirectory(path));
      for (const auto& inside : EntriesOf(path)) FABER_RETURN_IF_ERROR(RemoveEntry(path / inside));
    } else {
      FABER_RETURN_IF_ERROR(SyncBlob(repo, entry, path));
      if (mode == GIT_FILEMODE_LINK) links.push_back(path);
    }
  }
  for (const auto& name : EntriesOf(dest)) {
    if (!names.count(name)) FABER_RETURN_IF_ERROR(RemoveEntry(dest / name));
  }
  return Status::Ok();
}

// Where `link` leads once every symlink on the way is followed (the part that does not exist
// taken by name), or nullopt when it cannot be resolved (a loop). The link's own target is read
// first: resolving the link's path would stop at a dangling link and judge it by its name.
std::optional<fs::path> Resolve(const fs::path& link) {
  std::error_code ec;
  fs::path target = fs::read_symlink(link, ec);
  if (ec) return std::nullopt;
  fs::path resolved = fs::weakly_canonical(link.parent_path() / target, ec);
  if (ec) return std::nullopt;
  return resolved;
}

}  // namespace

Status SyncTreeInto(git_repository* repo, git_tree* tree, const fs::path& dest) {
  std::vector<fs::path> links;
  FABER_RETURN_IF_ERROR(SyncTree(repo, tree, dest, links));
  if (links.empty()) return Status::Ok();
  std::error_code ec;
  const fs::path root = fs::canonical(dest, ec);
  if (ec) return common::Internal("cannot resolve " + dest.string() + ": " + ec.message());
  // Resolved physically, after the whole tree is in place: a link is judged by where it really
  // leads, through the other links of the tree, not by the spelling of its target.
  for (const auto& link : links) {
    auto resolved = Resolve(link);
    if (resolved && common::RelativeUnder(*resolved, root)) continue;
    std::string relative = link.lexically_relative(dest).string();
    std::string target = fs::read_symlink(link, ec).string();
    // Removed, so nothing can follow it even if a caller ignores the error.
    for (const auto& l : links) (void)RemoveEntry(l);
    return common::InvalidInput("refusing the symlink '" + relative + "' -> '" + target + "': it " +
                                (resolved ? "leads outside the repository" : "cannot be resolved (a loop)"));
  }
  return Status::Ok();
}

}  // namespace faber::store
