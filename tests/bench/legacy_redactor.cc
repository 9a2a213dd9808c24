// The redactor as it was before known values were matched in their encoded forms and the
// patterns were pre-filtered as a set: the baseline redaction_bench compares against.
#include "tests/bench/legacy_redactor.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace faber::bench::legacy {
using namespace faber::common;
namespace {

// Built-in patterns. A first group is context that stays readable ("password=").
const char* const kBuiltinPatterns[] = {
    // AWS access key ids (long-term and temporary, users, roles, ...).
    R"(\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b)",
    // AWS secret access keys next to their usual names.
    R"(((?:aws_?secret_?access_?key|secret_?key|SecretAccessKey)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40})",
    // Passwords in URLs: scheme://user:password@host (the "@" is kept, as the second group).
    R"(([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(@))",
    // Assignments of secret-named keys, in shell, HCL, YAML, JSON and log forms.
    R"(((?:password|passwd|pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|signing[_-]?key|client[_-]?secret|auth)["']?\s*[:=]\s*["']?)[^\s"',;}]{3,})",
    // Secrets given as long command-line flags: --password pass, --password=pass. (Not -p: it is
    // mkdir's and ssh's too; a secret passed that way is masked as a known value.)
    R"(((?:^|\s)--(?:password|passwd|pass|token|secret|api-key|client-secret)(?:\s+|=)["']?)[^\s"']{3,})",
    // Authorization headers.
    R"(((?:Bearer|Basic|token)\s+)[A-Za-z0-9._~+/=-]{16,})",
    // Forge, chat and cloud API tokens.
    R"(\bgh[pousr]_[A-Za-z0-9]{30,}\b)",
    R"(\bgithub_pat_[A-Za-z0-9_]{22,}\b)",
    R"(\bglpat-[A-Za-z0-9_-]{20,}\b)",
    R"(\bxox[abposr]-[A-Za-z0-9-]{10,}\b)",
    R"(\bAIza[0-9A-Za-z_-]{35}\b)",                           // Google API keys
    R"(https://hooks\.slack\.com/services/[A-Za-z0-9/_-]+)",  // Slack webhook URLs
    R"(\bsk_(?:live|test)_[0-9A-Za-z]{16,}\b)",               // Stripe secret keys
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
  // Compiled once per process and shared (RE2 objects are immutable and thread-safe).
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
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingLatin1);  // bytes: output need not be valid UTF-8
  auto compiled = std::make_shared<const RE2>(regex, options);
  if (!compiled->ok()) {
    return InvalidInput("redaction pattern '" + regex + "' is not a valid regular expression: " + compiled->error());
  }
  // The first group stays before the mask, the second after it (context such as "password=").
  const int groups = compiled->NumberOfCapturingGroups();
  std::string rewrite = groups >= 2   ? std::string("\\1") + kMask + "\\2"
                        : groups == 1 ? std::string("\\1") + kMask
                                      : kMask;
  std::lock_guard lock(mu_);
  patterns_.push_back(Pattern{std::move(compiled), std::move(rewrite)});
  return Status::Ok();
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
  // Line by line, so no pattern can swallow across lines; RE2 runs in time linear in the line and
  // in bounded stack, so a line of megabytes is only slow, never a crash.
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    for (const auto& p : patterns_) RE2::GlobalReplace(&line, *p.regex, p.rewrite);
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
  for (const char* marker : {"SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE", "API_KEY", "APIKEY",
                             "ACCESS_KEY", "SESSION"}) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace faber::bench::legacy
