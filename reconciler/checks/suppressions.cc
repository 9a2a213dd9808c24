#include "reconciler/checks/suppressions.h"

#include <re2/re2.h>
#include <sstream>

namespace faber::reconciler::checks {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t:-");
  size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

void Scan(const std::string& line, int number, std::vector<Suppression>* out) {
  // Most lines hold no skip; the regular expressions run only on those that might.
  if (line.find(":skip=") == std::string::npos && line.find(":ignore:") == std::string::npos) return;
  // RE2: a line of the repository's may be megabytes long.
  static const re2::RE2 kFaber(R"((?:#|//)\s*faber:skip=([A-Za-z0-9_.\-]+)(.*))");
  static const re2::RE2 kCheckov(R"((?:#|//)\s*checkov:skip=([A-Za-z0-9_]+)(.*))");
  static const re2::RE2 kTfsec(R"((?:#|//)\s*(?:tfsec|trivy):ignore:([A-Za-z0-9_\-]+)(.*))");
  std::string id, rest;
  if (re2::RE2::PartialMatch(line, kFaber, &id, &rest)) {
    out->push_back({id, Trim(rest), "faber", number});
  } else if (re2::RE2::PartialMatch(line, kCheckov, &id, &rest)) {
    out->push_back({id, Trim(rest), "checkov", number});
  } else if (re2::RE2::PartialMatch(line, kTfsec, &id, &rest)) {
    // tfsec accepts ":exp:YYYY-MM-DD" after the id; what follows it is the reason.
    static const re2::RE2 kExpiry(R"(^:exp:\d{4}-\d{2}-\d{2})");
    re2::RE2::Replace(&rest, kExpiry, "");
    out->push_back({id, Trim(rest), "tfsec", number});
  }
}

}  // namespace

std::vector<Suppression> FindSuppressions(const std::string& text, int line) {
  std::vector<Suppression> out;
  if (text.find(":skip=") == std::string::npos && text.find(":ignore:") == std::string::npos) return out;
  std::vector<std::string> lines = Lines(text);
  if (line < 1 || line > static_cast<int>(lines.size())) return out;
  // Comment lines directly above the block.
  for (int i = line - 2; i >= 0; --i) {
    std::string t = Trim(lines[static_cast<size_t>(i)]);
    if (t.rfind("#", 0) != 0 && t.rfind("//", 0) != 0) break;
    Scan(lines[static_cast<size_t>(i)], i + 1, &out);
  }
  // The block itself, to its closing brace (braces inside strings are rare enough in HCL bodies).
  int depth = 0;
  bool opened = false;
  for (size_t i = static_cast<size_t>(line - 1); i < lines.size(); ++i) {
    Scan(lines[i], static_cast<int>(i + 1), &out);
    for (char c : lines[i]) {
      if (c == '{') {
        ++depth;
        opened = true;
      } else if (c == '}') {
        --depth;
      }
    }
    if (opened && depth <= 0) break;
  }
  return out;
}

}  // namespace faber::reconciler::checks
