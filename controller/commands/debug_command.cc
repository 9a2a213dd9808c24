#include "controller/commands/debug_command.h"

#include <fstream>
#include <iterator>
#include <ostream>

#include "common/clock.h"
#include "controller/args.h"
#include "controller/commands/issue_log_option.h"
#include "reconciler/debugger/diagnosis.h"
#include "reconciler/debugger/learning.h"

namespace faber::controller {

namespace dbg = reconciler::debugger;

int RunDebugCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--error", "--error-file", "--operation", "--env", "--issue-log", "--repo",
                                     "--records-branch", "--min-confidence", "--format"},
                          {});
  const char* usage =
      "usage: faber debug --error TEXT|--error-file F [--operation O] [--env E] [--issue-log DIR | --repo PATH] "
      "[--min-confidence low|medium|high] [--format text|json|markdown]\n";
  if (!args.ok() || (!args->Get("--error") && !args->Get("--error-file"))) {
    ctx.err << (args.ok() ? "" : "faber debug: " + args.status().message() + "\n") << usage;
    return kExitUsage;
  }
  std::string format = args->GetOr("--format", "text");
  std::string min_confidence = args->GetOr("--min-confidence", "low");
  if ((format != "text" && format != "json" && format != "markdown") ||
      (min_confidence != "low" && min_confidence != "medium" && min_confidence != "high")) {
    ctx.err << usage;
    return kExitUsage;
  }
  std::string text = args->GetOr("--error", "");
  if (auto file = args->Get("--error-file")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      ctx.err << "faber debug: cannot read " << *file << "\n";
      return kExitUsage;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto store = OpenIssueLog(*args);
  if (!store.ok()) {
    ctx.err << "faber debug: " << store.status().message() << "\n";
    return kExitUsage;
  }
  std::map<std::string, dbg::IssueLogEntry> log;
  if (*store) {
    auto loaded = (*store)->LoadAll();
    if (!loaded.ok()) {
      ctx.err << "faber debug: " << loaded.status().message() << "\n";
      return kExitUsage;
    }
    log = std::move(*loaded);
  }
  dbg::IssueIndex index(log);
  common::SystemClock clock;
  dbg::DebugContext context{args->GetOr("--env", ""), args->GetOr("--operation", "apply"), common::FormatIso8601(clock.Now())};
  dbg::Diagnosis d = dbg::Diagnose(text, context, log, index, min_confidence);
  if (*store) {
    // Every error is logged, so the next occurrence finds it and what fixed it.
    if (auto saved = (*store)->Save({dbg::RecordOccurrence(d, log, context)}); !saved.ok()) {
      ctx.err << "faber debug: " << saved.message() << "\n";
      return kExitUsage;
    }
  }
  if (format == "json") {
    ctx.out << dbg::DiagnosisToJson(d).dump(2) << "\n";
  } else if (format == "markdown") {
    ctx.out << dbg::DiagnosisToMarkdown(d);
  } else {
    ctx.out << d.category.category << " error" << (d.error.code.empty() ? "" : " " + d.error.code)
            << (d.error.resource_type.empty() ? "" : " on " + d.error.resource_type) << " (" << d.category.reason << ")\n"
            << "issue " << d.issue_id << (d.known ? " (seen before)" : " (new)") << "\n";
    for (size_t i = 0; i < d.solutions.size() && i < 5; ++i) {
      const auto& r = d.solutions[i];
      ctx.out << (i == 0 ? "proposed: " : "   also: ") << r.solution.solution_id << " [" << r.confidence << ", "
              << static_cast<int>(r.score * 100) << "]" << (r.solution.automation.automated ? " (automated)" : "")
              << (r.applicable ? "" : " (not applicable: " + r.applicability + ")") << "\n    " << r.solution.description << "\n";
    }
    if (d.solutions.empty()) ctx.out << "no known fix: once fixed, record it with faber resolve " << d.issue_id << " --solution TEXT\n";
  }
  return kExitOk;
}

}  // namespace faber::controller
