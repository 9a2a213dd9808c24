#include "controller/commands/show_plan_command.h"

#include <ostream>

#include "controller/args.h"
#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_summary.h"

namespace faber::controller {

namespace plan = reconciler::plan;

int RunShowPlanCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--format"}, {});
  std::string format = args.ok() ? args->GetOr("--format", "text") : "";
  if (!args.ok() || args->positionals().size() != 1 ||
      (format != "text" && format != "json" && format != "markdown")) {
    ctx.err << "faber show-plan: "
            << (args.ok() ? "usage: faber show-plan PLAN.json [--format text|json|markdown]" : args.status().message())
            << "\n";
    return kExitUsage;
  }
  auto doc = plan::ReadPlanFile(args->positionals()[0]);
  if (!doc.ok()) {
    ctx.err << "faber show-plan: " << doc.status().message() << "\n";
    return kExitUsage;
  }
  plan::PlanSummary summary = plan::SummarizePlan(*doc);
  if (format == "json") {
    ctx.out << summary.ToJson().dump(2) << "\n";
  } else if (format == "markdown") {
    ctx.out << plan::RenderPlanMarkdown(summary);
  } else {
    ctx.out << "Plan: " << summary.Headline() << "\n";
    for (const auto& c : summary.changes) {
      if (c.action == plan::ChangeAction::kNoOp) continue;
      ctx.out << "  " << plan::ChangeActionName(c.action) << " " << c.address;
      if (!c.changed_attributes.empty() && c.action != plan::ChangeAction::kCreate) {
        std::string attrs;
        for (const auto& a : c.changed_attributes) attrs += (attrs.empty() ? "" : ", ") + a;
        ctx.out << " (" << attrs << ")";
      }
      ctx.out << "\n";
    }
    for (const auto& w : summary.warnings) ctx.out << "note: " << w << "\n";
  }
  return kExitOk;
}

}  // namespace faber::controller
