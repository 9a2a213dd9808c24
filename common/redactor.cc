#include "common/redactor.h"

#include <algorithm>
#include <cctype>

namespace faber::common {
namespace {

// Built-in patterns. A first group is context that stays readable ("password=").
const char* const kBuiltinPatterns[] = {
    // AWS access key ids (long-term and temporary, users, roles, ...).
    R"(\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b)",
    // AWS secret access keys next to their usual names.
    R"(((?:aws_?secret_?access_?key|secret_?key|SecretAccessKey)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40})",
    // Passwords in URLs: scheme://user:password@host
    R"(([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(?=@))",
    // Assignments of secret-named keys, in shell, HCL, YAML, JSON and log forms.
    R"(((?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth)["']?\s*[:=]\s*["']?)[^\s"',;}]{3,})",
    // Authorization headers.
    R"(((?:Bearer|Basic|token)\s+)[A-Za-z0-9._~+/=-]{16,})",
    // Forge and chat tokens.
    R"(\bgh[pousr]_[A-Za-z0-9]{30,}\b)",
    R"(\bgithub_pat_[A-Za-z0-9_]{22,}\b)",
    R"(\bglpat-[A-Za-z0-9_-]{20,}\b)",
    R"(\bxox[abposr]-[A-Za-z0-9-]{10,}\b)",
    // JSON web tokens.
    R"(\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b)",
};

constexpr std::string_view kKeyBegin = "-----BEGIN ";
constexpr std::string_view kKeyEnd = "-----END ";

// PEM private keys span lines, so they are masked on the whole text before line patterns run.
std::string MaskPrivateKeys(std::string text) {
  size_t pos = 0;
  while ((pos = text.find(kKeyBegin, pos)) != std::string::npos) {
    size_t header_end = text.find("-----", pos + kKeyBegin.size());
    if (header_end == std::string::npos) break;
    std::string_view header(text.data() + pos, header_end - pos);
    if (header.find("PRIVATE KEY") == std::string_view::npos) {
      pos = header_end;
      continue;
    }
    size_t end = text.find(kKeyEnd, header_end);
    size_t stop = end == std::string::npos ? text.size() : text.find("-----", end + kKeyEnd.size());
    stop = stop == std::string::npos ? text.size() : stop + 5;
    text.replace(pos, stop - pos, Redactor::kMask);
    pos += std::char_traits<char>::length(Redactor::kMask);
  }
  return text;
}

}  // namespace

Redactor::Redactor() {
  // Compiled once per process: std::regex compiles case-insensitive classes slowly, and compiled
  // expressions share their automaton when copied.
  static const std::vector<Pattern> kCompiled = [] {
    Redactor empty(nullptr);
    for (const char* p : kBuiltinPatterns) {
      Status s = empty.AddPattern(p);
      (void)s;  // built-ins are known to compile; a unit test asserts it
    }
    return empty.patterns_;
  }();
  patterns_ = kCompiled;
}

Status Redactor::AddPattern(const std::string& regex) {
  try {
    std::regex compiled(regex, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    bool keeps_prefix = compiled.mark_count() > 0;
    Pattern p{std::move(compiled), keeps_prefix};
    std::lock_guard lock(mu_);
    patterns_.push_back(std::move(p));
    return Status::Ok();
  } catch (const std::regex_error& e) {
    return InvalidInput("redaction pattern '" + regex + "' is not a valid regular expression: " + e.what());
  }
}

void Redactor::AddSecretValue(std::string value) {
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.size() < 4) return;
  std::lock_guard lock(mu_);
  if (std::find(values_.begin(), values_.end(), value) != values_.end()) return;
  values_.push_back(std::move(value));
  std::sort(values_.begin(), values_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::Redact(std::string_view input) const {
  std::string text = MaskPrivateKeys(std::string(input));
  std::lock_guard lock(mu_);
  for (const auto& value : values_) {
    size_t pos = 0;
    while ((pos = text.find(value, pos)) != std::string::npos) {
      text.replace(pos, value.size(), kMask);
      pos += std::char_traits<char>::length(kMask);
    }
  }
  // Line by line: bounded regex work per match, and no pattern can swallow across lines.
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    for (const auto& p : patterns_) {
      line = std::regex_replace(line, p.regex, p.keeps_prefix ? std::string("$1") + kMask : std::string(kMask));
    }
    out += line;
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

bool LooksLikeSecretName(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const char* marker : {"SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE", "API_KEY",
                             "APIKEY", "ACCESS_KEY", "SESSION"}) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace faber::common
