#include "reconciler/debugger/diagnosis.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "common/clock.h"
#include "common/redactor.h"
#include "reconciler/debugger/knowledge_base.h"
#include "reconciler/debugger/normalizer.h"

namespace faber::reconciler::debugger {
namespace {

// Weights of the ranking; they sum to 1 so a score reads as a share.
constexpr double kTextWeight = 0.35, kCodeWeight = 0.15, kTypeWeight = 0.10, kEnvWeight = 0.05,
                 kSuccessWeight = 0.28, kRecencyWeight = 0.07;
constexpr double kHighConfidence = 0.70, kMediumConfidence = 0.45;
// Past this, a logged issue is the same error told differently, and it is linked as related.
constexpr double kRelatedSimilarity = 0.6;

std::string ConfidenceOf(double score) {
  return score >= kHighConfidence ? "high" : score >= kMediumConfidence ? "medium" : "low";
}

int ConfidenceRank(const std::string& c) { return c == "high" ? 2 : c == "medium" ? 1 : 0; }

// 1 for a success today, halving every 90 days; 0.5 for a fix that never succeeded yet.
double Recency(const Solution& s, const std::string& now) {
  common::TimePoint then, current;
  if (s.last_success.empty() || !common::ParseIso8601(s.last_success, &then) || !common::ParseIso8601(now, &current)) {
    return 0.5;
  }
  double days = std::chrono::duration<double>(current - then).count() / 86400.0;
  return std::pow(0.5, std::max(0.0, days) / 90.0);
}

RankedSolution Rank(const Solution& s, const std::string& from, double text_similarity, bool code_match,
                    bool type_match, const DebugContext& context) {
  RankedSolution r;
  r.solution = s;
  r.from = from;
  bool env_success = std::find(s.environments.begin(), s.environments.end(), context.environment) != s.environments.end();
  r.score = kTextWeight * text_similarity + kCodeWeight * (code_match ? 1 : 0) + kTypeWeight * (type_match ? 1 : 0) +
            kEnvWeight * (env_success ? 1 : 0) + kSuccessWeight * s.SmoothedSuccessRate() +
            kRecencyWeight * Recency(s, context.now);
  r.confidence = ConfidenceOf(r.score);
  // A fix that failed every time it was tried here is not proposed as applicable.
  if (s.attempts >= 2 && s.successes == 0) {
    r.applicable = false;
    r.applicability = "failed every time it was tried (" + std::to_string(s.attempts) + " attempts)";
  } else if (s.automation.remedy == "unlock_state" && context.operation == "init") {
    r.applicable = false;
    r.applicability = "the state is not locked during init";
  } else {
    r.applicability = env_success ? "worked before in " + context.environment : "applies to this error";
  }
  return r;
}

}  // namespace

std::string IssueId(const std::string& category, const std::string& code, const std::string& normalized_message) {
  std::string key = category + "|" + code + "|" + normalized_message;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  char hex[13];
  for (int i = 0; i < 6; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return std::string("ISS-") + hex;
}

Diagnosis Diagnose(const std::string& output, const DebugContext& context,
                   const std::map<std::string, IssueLogEntry>& log, const IssueIndex& index,
                   const std::string& min_confidence) {
  static const Normalizer kNormalizer;
  static const common::Redactor kRedactor;
  Diagnosis d;
  d.error = ExtractError(output, context.operation);
  d.category = Categorize(d.error, output);
  // Secrets leave before anything derived from the message is shown, stored or hashed.
  d.error.message = kRedactor.Redact(d.error.message);
  d.normalized_message = kNormalizer.Normalize(d.error.message);
  d.issue_id = IssueId(d.category.category, d.error.code, d.normalized_message);
  d.known = log.count(d.issue_id) > 0;

  std::vector<RankedSolution> ranked;
  std::vector<std::string> measured;  // solutions with a record on this very issue: that record rules
  const auto tokens = Tokens(d.normalized_message);
  for (const auto& [entry, similarity] : index.Similar(tokens, d.error.code, 20)) {
    bool same = entry->issue_id == d.issue_id;
    if (same) {
      for (const auto& s : entry->solutions) measured.push_back(s.solution_id);
    }
    if (!same && similarity >= kRelatedSimilarity) d.related_issues.push_back(entry->issue_id);
    for (const auto& s : entry->solutions) {
      ranked.push_back(Rank(s, entry->issue_id, same ? 1.0 : similarity, !d.error.code.empty() && entry->code == d.error.code,
                            !d.error.resource_type.empty() && entry->resource_type == d.error.resource_type, context));
    }
  }
  double best_match = 0;
  for (const auto& k : BuiltinKnowledge()) {
    double m = k.Match(d.error.code, output);
    if (m <= 0) continue;
    if (m > best_match) {
      best_match = m;
      d.knowledge_id = k.id;
    }
    for (const auto& s : k.solutions) {
      if (std::find(measured.begin(), measured.end(), s.solution_id) != measured.end()) continue;
      ranked.push_back(Rank(s, k.id, m, !k.code_pattern_text.empty() && !d.error.code.empty() && m != 0.8, true, context));
    }
  }
  // One proposal per solution id: the best-scored occurrence (the log's measured record wins over
  // the knowledge base's prior when it scores higher).
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  std::vector<std::string> seen;
  for (auto& r : ranked) {
    if (std::find(seen.begin(), seen.end(), r.solution.solution_id) != seen.end()) continue;
    if (ConfidenceRank(r.confidence) < ConfidenceRank(min_confidence)) continue;
    seen.push_back(r.solution.solution_id);
    d.solutions.push_back(std::move(r));
  }
  std::stable_partition(d.solutions.begin(), d.solutions.end(), [](const auto& r) { return r.applicable; });
  return d;
}

nlohmann::json DiagnosisToJson(const Diagnosis& d) {
  nlohmann::json solutions = nlohmann::json::array();
  for (const auto& r : d.solutions) {
    const Solution& s = r.solution;
    solutions.push_back({{"solution_id", s.solution_id},
                         {"description", s.description},
                         {"steps", s.steps},
                         {"confidence", r.confidence},
                         {"score", std::round(r.score * 1000) / 1000},
                         {"success_rate", s.attempts == 0 ? nlohmann::json(nullptr) : nlohmann::json(1.0 * s.successes / s.attempts)},
                         {"attempts", s.attempts},
                         {"automated", s.automation.automated},
                         {"remedy", s.automation.remedy},
                         {"remedy_arguments", s.automation.remedy == "unlock_state" && !d.error.lock_id.empty()
                                                  ? nlohmann::json{{"lock_id", d.error.lock_id}}
                                                  : nlohmann::json::object()},
                         {"delegate", s.automation.delegate},
                         {"impact", s.impact},
                         {"applicable", r.applicable},
                         {"applicability", r.applicability},
                         {"from", r.from},
                         {"source", s.source}});
  }
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {{"category", d.category.category},
          {"category_reason", d.category.reason},
          {"code", or_null(d.error.code)},
          {"resource_type", or_null(d.error.resource_type)},
          {"address", or_null(d.error.address)},
          {"http_status", d.error.http_status == 0 ? nlohmann::json(nullptr) : nlohmann::json(d.error.http_status)},
          {"issue_id", d.issue_id},
          {"message", d.error.message},
          {"normalized_message", d.normalized_message},
          {"known", d.known},
          {"related_issues", d.related_issues},
          {"solutions", solutions}};
}

std::string DiagnosisToMarkdown(const Diagnosis& d) {
  std::ostringstream md;
  md << "### faber debugger: " << d.category.category << " error" << (d.error.code.empty() ? "" : " `" + d.error.code + "`")
     << "\n\n";
  if (!d.error.address.empty() || !d.error.resource_type.empty()) {
    md << "**Resource:** `" << (d.error.address.empty() ? d.error.resource_type : d.error.address) << "`  \n";
  }
  md << "**Issue:** `" << d.issue_id << "` (" << (d.known ? "seen before" : "first time seen") << ")  \n";
  md << "**Why this category:** " << d.category.reason << "\n\n";
  if (d.solutions.empty()) {
    md << "No known fix yet. Once fixed, teach faber: `/faber resolved " << d.issue_id << " <what fixed it>`\n";
    return md.str();
  }
  const RankedSolution& best = d.solutions.front();
  md << "#### Proposed fix (" << best.confidence << " confidence)\n\n" << best.solution.description << "\n\n";
  for (size_t i = 0; i < best.solution.steps.size(); ++i) md << i + 1 << ". " << best.solution.steps[i] << "\n";
  md << "\n";
  const Solution& s = best.solution;
  md << "Record: " << (s.attempts == 0 ? "not tried yet" : std::to_string(s.successes) + " of " + std::to_string(s.attempts) + " attempts succeeded")
     << " · impact " << s.impact;
  if (s.automation.automated) md << " · faber can run this (`/faber apply-fix " << s.solution_id << "`)";
  if (s.automation.remedy == "unlock_state" && !d.error.lock_id.empty()) md << " · lock id `" << d.error.lock_id << "`";
  if (!s.automation.delegate.empty()) md << " · needs someone who can " << s.automation.delegate;
  if (!s.source.empty()) md << " · [documentation](" << s.source << ")";
  md << "\n";
  if (d.solutions.size() > 1) {
    md << "\n<details><summary>Alternatives</summary>\n\n";
    for (size_t i = 1; i < d.solutions.size() && i < 6; ++i) {
      const auto& r = d.solutions[i];
      md << "- **" << r.solution.solution_id << "** (" << r.confidence << (r.applicable ? "" : ", " + r.applicability)
         << "): " << r.solution.description << "\n";
    }
    md << "\n</details>\n";
  }
  return md.str();
}

}  // namespace faber::reconciler::debugger
