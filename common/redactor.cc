#include "common/redactor.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/secret_forms.h"

namespace faber::common {
namespace {

// Built-in patterns, matched case-insensitively unless marked (?-i:...): token prefixes are
// case-sensitive, which keeps them from matching random base64 and hex in plans. A first group is
// context that stays readable ("password="), a second one context after the mask.
// Token formats follow the published rules of gitleaks (config/gitleaks.toml) and trufflehog.
const char* const kBuiltinPatterns[] = {
    // An AWS secret access key (40 characters of base64) on the line of its key id, either side,
    // whatever labels it: the pair is what credentials files, CSV exports and logs show.
    R"(((?-i:\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b)[^\n]{0,200}?[^A-Za-z0-9/+])[A-Za-z0-9/+]{40}([^A-Za-z0-9/+=]|$))",
    R"(((?:^|[^A-Za-z0-9/+]))[A-Za-z0-9/+]{40}([^A-Za-z0-9/+=][^\n]{0,200}?(?-i:\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b)))",
    // AWS access key ids (long-term and temporary). IAM unique ids (AIDA, AROA, ...) name users
    // and roles in every plan and are not secrets.
    R"((?-i:\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b))",
    // AWS secret access keys under their usual labels: aws_secret_access_key, SecretAccessKey,
    // "AWS Secret Access Key [None]:" (aws configure), aws.secretKey.
    R"(((?:aws[_ .-]?)?secret[_ .-]?(?:access[_ .-]?)?key["']?\s*(?:\[[^\]\n]*\]\s*)?[:=]\s*["']?)[A-Za-z0-9/+=]{40})",
    // Passwords in URLs: scheme://user:password@host (the "@" is kept, as the second group).
    R"(([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(@))",
    // Assignments of secret-named keys, in shell, HCL, YAML, JSON and log forms.
    R"(((?:password|passwd|pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|signing[_-]?key|client[_-]?secret|auth)["']?\s*[:=]\s*["']?)[^\s"',;}]{3,})",
    // Secrets given as long command-line flags: --password pass, --password=pass.
    R"(((?:^|\s)--(?:password|passwd|pass|token|secret|api-key|client-secret)(?:\s+|=)["']?)[^\s"']{3,})",
    // -p PASS (or -pPASS) of the programs where -p is the password: the MySQL clients, registry
    // logins, sshpass. Elsewhere -p is a port or "parents" (ssh, psql, docker run, mkdir).
    R"((\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump|sshpass|(?:docker|podman|buildah|skopeo|nerdctl|helm\s+registry|oc)\s+login)\b[^\n]*?\s-p\s?["']?)[^\s"'-][^\s"']*)",
    // Authorization headers.
    R"(((?:Bearer|Basic|token)\s+)[A-Za-z0-9._~+/=-]{16,})",
    // GitHub tokens: personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_),
    // refresh (ghr_), fine-grained personal (github_pat_).
    R"((?-i:\bgh[pousr]_[A-Za-z0-9]{30,}))",
    R"((?-i:\bgithub_pat_[A-Za-z0-9_]{22,}))",
    // GitLab tokens: personal, deploy, runner, pipeline trigger, CI job, OAuth, feed, incoming mail,
    // SCIM, agent; runner registration tokens.
    R"((?-i:\bgl(?:pat|dt|rt|ptt|cbt|oas|ffct|imt|soat|agent)-[0-9A-Za-z_-]{20,}))",
    R"((?-i:\bGR1348941[0-9A-Za-z_-]{20,}))",
    // Slack tokens (bot, user, app-level, workspace, legacy, refresh) and webhook URLs.
    R"((?-i:\bxox(?:[abposr]|e(?:\.xox[bp])?)-[A-Za-z0-9-]{10,}))",
    R"((?-i:\bxapp-\d-[A-Za-z0-9-]{10,}))",
    R"((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]+)",
    R"((?-i:\bAIza[0-9A-Za-z_-]{35}))",                 // Google API keys
    R"((?-i:\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}))",  // Stripe secret and restricted keys
    // JSON web tokens.
    R"((?-i:\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}))",
};

// Encoded forms shorter than this would match random base64 (user_data, hashes) by chance.
constexpr size_t kMinEncodedForm = 8;

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

struct Redactor::Prefilter {
  explicit Prefilter(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  bool ok = false;
};

namespace {

// True for the literals of settings: `"force_overwrite_replica_secret": false` is no secret.
bool IsSettingLiteral(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == "true" || lower == "false" || lower == "null";
}

// Masks every match of `regex` in `line`: a first group stays before the mask, a second after it
// (context such as "password="); the rest of the match is replaced, unless it is a setting literal.
void MaskMatches(const RE2& regex, std::string& line) {
  const int groups = std::min(regex.NumberOfCapturingGroups(), 2);
  re2::StringPiece match[3];
  std::string out;
  size_t pos = 0;
  bool changed = false;
  while (pos <= line.size() && regex.Match(line, pos, line.size(), RE2::UNANCHORED, match, groups + 1)) {
    const size_t begin = static_cast<size_t>(match[0].data() - line.data());
    const size_t end = begin + match[0].size();
    const size_t mask_begin = groups >= 1 && match[1].data() != nullptr
                                  ? static_cast<size_t>(match[1].data() - line.data()) + match[1].size()
                                  : begin;
    const size_t mask_end =
        groups >= 2 && match[2].data() != nullptr ? static_cast<size_t>(match[2].data() - line.data()) : end;
    out.append(line, pos, begin - pos);
    if (mask_end <= mask_begin || IsSettingLiteral(std::string_view(line).substr(mask_begin, mask_end - mask_begin))) {
      out.append(line, begin, end - begin);
    } else {
      out.append(line, begin, mask_begin - begin);
      out += Redactor::kMask;
      out.append(line, mask_end, end - mask_end);
      changed = true;
    }
    pos = end;
    if (end == begin) {  // an empty match: step over one character
      if (end < line.size()) out += line[end];
      ++pos;
    }
  }
  if (!changed) return;
  if (pos < line.size()) out.append(line, pos, std::string::npos);
  line = std::move(out);
}

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingLatin1);  // bytes: output need not be valid UTF-8
  return options;
}

}  // namespace

Redactor::Redactor() {
  // Compiled once per process and shared (RE2 objects are immutable and thread-safe).
  static const auto kBuiltins = [] {
    Redactor empty(nullptr);
    for (const char* p : kBuiltinPatterns) {
      Status s = empty.AddPattern(p);
      (void)s;  // built-ins are known to compile; a unit test asserts it
    }
    return std::make_pair(empty.patterns_, empty.prefilter_);
  }();
  patterns_ = kBuiltins.first;
  prefilter_ = kBuiltins.second;
}

Status Redactor::AddPattern(const std::string& regex) {
  auto compiled = std::make_shared<const RE2>(regex, PatternOptions());
  if (!compiled->ok()) {
    return InvalidInput("redaction pattern '" + regex + "' is not a valid regular expression: " + compiled->error());
  }
  std::lock_guard lock(mu_);
  patterns_.push_back(Pattern{std::move(compiled)});
  auto prefilter = std::make_shared<Prefilter>(PatternOptions());
  bool added = true;
  for (const auto& p : patterns_) added = added && prefilter->set.Add(p.regex->pattern(), nullptr) >= 0;
  prefilter->ok = added && prefilter->set.Compile();
  prefilter_ = std::move(prefilter);
  return Status::Ok();
}

void Redactor::AddSecretValue(std::string value) {
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.size() < 4) return;
  std::lock_guard lock(mu_);
  if (std::find(wrapped_.begin(), wrapped_.end(), value) != wrapped_.end()) return;
  for (auto& form : EncodedForms(value, kMinEncodedForm)) {
    if (std::find(values_.begin(), values_.end(), form) == values_.end()) values_.push_back(std::move(form));
  }
  if (std::find(values_.begin(), values_.end(), value) == values_.end()) values_.push_back(value);
  wrapped_.push_back(std::move(value));
  std::sort(values_.begin(), values_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::MaskValues(std::string_view text) const {
  // The ranges to mask, found on the unmasked text and merged, so the text is rebuilt once
  // however many values and occurrences there are.
  std::vector<std::pair<size_t, size_t>> ranges;
  for (const auto& value : values_) {
    for (size_t pos = text.find(value); pos != std::string_view::npos; pos = text.find(value, pos + value.size())) {
      ranges.emplace_back(pos, pos + value.size());
    }
  }
  for (const auto& value : wrapped_) {
    auto found = FindWrapped(text, value);
    ranges.insert(ranges.end(), found.begin(), found.end());
  }
  if (ranges.empty()) return std::string(text);
  std::sort(ranges.begin(), ranges.end());
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t i = 0; i < ranges.size();) {
    size_t begin = ranges[i].first, end = ranges[i].second;
    for (++i; i < ranges.size() && ranges[i].first < end; ++i) end = std::max(end, ranges[i].second);
    if (begin < copied) begin = copied;  // overlaps what an earlier range masked
    out.append(text.substr(copied, begin - copied));
    out += kMask;
    copied = end;
  }
  out.append(text.substr(copied));
  return out;
}

std::string Redactor::Redact(std::string_view input) const {
  std::lock_guard lock(mu_);
  std::string text = MaskValues(MaskPrivateKeys(std::string(input)));
  // Line by line, so no pattern can swallow across lines; RE2 runs in time linear in the line and
  // in bounded stack, so a line of megabytes is only slow, never a crash. One pass of the set
  // tells which patterns match a line: most lines match none and are copied as they are.
  std::string out;
  out.reserve(text.size());
  std::vector<int> matched;
  std::string line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view view(text.data() + start, (nl == std::string::npos ? text.size() : nl) - start);
    matched.clear();
    bool filtered = prefilter_ != nullptr && prefilter_->ok;
    bool none = false;
    if (filtered) {
      RE2::Set::ErrorInfo error{RE2::Set::kNoError};
      none = !prefilter_->set.Match(view, &matched, &error);
      // A set that gave up (its automaton ran out of memory on a huge line) proves nothing: every
      // pattern then runs on the line.
      if (error.kind != RE2::Set::kNoError) filtered = none = false;
    }
    if (none) {
      out.append(view);
    } else {
      line.assign(view);
      if (filtered) {
        std::sort(matched.begin(), matched.end());  // in the order the patterns were added
        for (int i : matched) MaskMatches(*patterns_[static_cast<size_t>(i)].regex, line);
      } else {
        for (const auto& p : patterns_) MaskMatches(*p.regex, line);
      }
      out += line;
    }
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
