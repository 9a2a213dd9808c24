#include "reconciler/debugger/learning.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>

#include "common/clock.h"
#include "common/redactor.h"
#include "reconciler/debugger/knowledge_base.h"

namespace faber::reconciler::debugger {
namespace {

double SecondsBetween(const std::string& from, const std::string& to) {
  common::TimePoint a, b;
  if (!common::ParseIso8601(from, &a) || !common::ParseIso8601(to, &b)) return 0;
  return std::max(0.0, std::chrono::duration<double>(b - a).count());
}

// A manual solution's id derives from its text, so teaching the same fix twice adds it once.
std::string ManualSolutionId(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  char hex[9];
  for (int i = 0; i < 4; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return std::string("manual-") + hex;
}

}  // namespace

IssueLogEntry RecordOccurrence(const Diagnosis& d, const std::map<std::string, IssueLogEntry>& log,
                               const DebugContext& context) {
  static const common::Redactor kRedactor;
  IssueLogEntry e;
  if (auto it = log.find(d.issue_id); it != log.end()) {
    e = it->second;
  } else {
    e.issue_id = d.issue_id;
    e.first_seen = context.now;
    e.category = d.category.category;
    e.code = d.error.code;
    e.normalized_message = d.normalized_message;
    for (const auto& k : BuiltinKnowledge()) {
      if (k.id == d.knowledge_id) e.solutions = k.solutions;
    }
  }
  e.last_seen = context.now;
  ++e.occurrence_count;
  e.message = kRedactor.Redact(d.error.message);
  e.environment = context.environment;
  e.operation = context.operation;
  e.resource_type = d.error.resource_type;
  e.resolved = false;  // it happened again
  for (const auto& related : d.related_issues) {
    if (std::find(e.related_issues.begin(), e.related_issues.end(), related) == e.related_issues.end()) {
      e.related_issues.push_back(related);
    }
  }
  return e;
}

common::Result<IssueLogEntry> RecordOutcome(IssueLogEntry entry, const Outcome& outcome) {
  Solution* target = nullptr;
  if (!outcome.new_solution.empty()) {
    std::string id = ManualSolutionId(outcome.new_solution);
    auto it = std::find_if(entry.solutions.begin(), entry.solutions.end(), [&](const Solution& s) { return s.solution_id == id; });
    if (it == entry.solutions.end()) {
      Solution s;
      s.solution_id = id;
      s.description = common::Redactor().Redact(outcome.new_solution);
      s.steps = {s.description};
      s.impact = "low";
      entry.solutions.push_back(s);
      it = entry.solutions.end() - 1;
    }
    target = &*it;
  } else if (!outcome.solution_id.empty()) {
    auto it = std::find_if(entry.solutions.begin(), entry.solutions.end(),
                           [&](const Solution& s) { return s.solution_id == outcome.solution_id; });
    if (it == entry.solutions.end()) {
      std::string known;
      for (const auto& s : entry.solutions) known += (known.empty() ? "" : ", ") + s.solution_id;
      return common::NotFound("issue " + entry.issue_id + " has no solution " + outcome.solution_id +
                              (known.empty() ? "" : " (it has: " + known + ")"));
    }
    target = &*it;
  } else {
    return common::InvalidInput("an outcome needs --solution-id or --solution");
  }
  ++target->attempts;
  if (outcome.success) {
    ++target->successes;
    target->total_resolution_seconds += SecondsBetween(entry.last_seen, outcome.now);
    target->last_success = outcome.now;
    if (!outcome.environment.empty() &&
        std::find(target->environments.begin(), target->environments.end(), outcome.environment) == target->environments.end()) {
      target->environments.push_back(outcome.environment);
    }
    entry.resolved = true;
  } else {
    ++target->failures;
  }
  return entry;
}

nlohmann::json IssueStatistics(const std::map<std::string, IssueLogEntry>& log) {
  nlohmann::json categories = nlohmann::json::object();
  for (const char* c : kCategories) categories[c] = 0;
  int occurrences = 0, resolved = 0, automated = 0, successes = 0;
  double resolution_seconds = 0;
  std::vector<const IssueLogEntry*> by_count;
  for (const auto& [id, e] : log) {
    categories[e.category] = categories.value(e.category, 0) + 1;
    occurrences += e.occurrence_count;
    resolved += e.resolved ? 1 : 0;
    bool has_automated = false;
    for (const auto& s : e.solutions) {
      has_automated |= s.automation.automated;
      successes += s.successes;
      resolution_seconds += s.total_resolution_seconds;
    }
    automated += has_automated ? 1 : 0;
    by_count.push_back(&e);
  }
  std::sort(by_count.begin(), by_count.end(), [](auto* a, auto* b) { return a->occurrence_count > b->occurrence_count; });
  nlohmann::json top = nlohmann::json::array();
  for (size_t i = 0; i < by_count.size() && i < 5; ++i) {
    top.push_back({{"issue_id", by_count[i]->issue_id},
                   {"occurrences", by_count[i]->occurrence_count},
                   {"category", by_count[i]->category},
                   {"message", by_count[i]->message.substr(0, 160)}});
  }
  double n = static_cast<double>(log.size());
  return {{"issues", log.size()},
          {"occurrences", occurrences},
          {"resolved", resolved},
          {"resolved_rate", n == 0 ? 0.0 : resolved / n},
          {"categories", categories},
          {"automation_rate", n == 0 ? 0.0 : automated / n},
          {"average_resolution_seconds", successes == 0 ? 0.0 : resolution_seconds / successes},
          {"most_frequent", top}};
}

}  // namespace faber::reconciler::debugger
