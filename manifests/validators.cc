#include "manifests/validators.h"

#include <cctype>
#include <string_view>

namespace faber::manifests {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<std::string> BadBranch(const std::string& why) { return "not a valid git branch name: " + why; }

}  // namespace

std::optional<std::string> CheckEnvironmentName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 63 && IsLowerAlnum(name[0]);
  for (char c : name) ok = ok && (IsLowerAlnum(c) || c == '-' || c == '_');
  if (ok) return std::nullopt;
  return "must be 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit";
}

std::optional<std::string> CheckBranchName(const std::string& name) {
  if (name.empty()) return std::string("must not be empty");
  if (name.rfind("refs/", 0) == 0) return std::string("give the branch name without the \"refs/heads/\" prefix");
  if (name == "@" || name == "HEAD") return BadBranch("reserved name");
  if (name[0] == '-') return BadBranch("starts with '-'");
  if (name.front() == '/' || name.back() == '/') return BadBranch("starts or ends with '/'");
  if (name.back() == '.') return BadBranch("ends with '.'");
  if (name.find("..") != std::string::npos) return BadBranch("contains \"..\"");
  if (name.find("@{") != std::string::npos) return BadBranch("contains \"@{\"");
  if (name.find("//") != std::string::npos) return BadBranch("contains \"//\"");
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return BadBranch("contains a control character");
    if (c == ' ') return BadBranch("contains a space");
    if (std::string_view("~^:?*[\\").find(c) != std::string_view::npos) {
      return BadBranch(std::string("contains '") + c + "'");
    }
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    std::string_view component(name.data() + start, end - start);
    if (!component.empty() && component[0] == '.') return BadBranch("a path component starts with '.'");
    if (EndsWith(component, ".lock")) return BadBranch("a path component ends with \".lock\"");
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> CheckRelativePath(const std::string& path, const std::string& base) {
  if (path.empty()) return std::string("must not be empty");
  if (path[0] == '/') return std::string("must be a path relative to the repository root, not an absolute path");
  std::string joined = base.empty() ? path : base + "/" + path;
  int depth = 0;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string_view component(joined.data() + start, end - start);
    if (component == "..") {
      if (--depth < 0) return std::string("must stay inside the repository: \"..\" climbs above its root");
    } else if (!component.empty() && component != ".") {
      ++depth;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> CheckHttpUrl(const std::string& url) {
  size_t host = url.rfind("http://", 0) == 0 ? 7 : url.rfind("https://", 0) == 0 ? 8 : 0;
  if (host == 0) return std::string("must be an http:// or https:// URL");
  if (host >= url.size() || url[host] == '/' || url[host] == '?' || url[host] == '#') {
    return std::string("the URL has no host");
  }
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c))) return std::string("the URL contains whitespace");
  }
  return std::nullopt;
}

std::optional<std::string> CheckVariableName(const std::string& name) {
  if (name.empty()) return std::string("must not be empty");
  bool ok = IsAlpha(name[0]) || name[0] == '_';
  for (char c : name) ok = ok && (IsAlpha(c) || IsDigit(c) || c == '_');
  if (ok) return std::nullopt;
  return "must be an environment variable name (letters, digits and '_', not starting with a digit)";
}

}  // namespace faber::manifests
