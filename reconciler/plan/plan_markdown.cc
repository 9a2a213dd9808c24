#include "reconciler/plan/plan_markdown.h"

#include <vector>

namespace faber::reconciler::plan {
namespace {

struct Group {
  ChangeAction action;
  const char* heading;
};

// Destructive groups first: they are what a reviewer must not miss.
constexpr Group kGroups[] = {
    {ChangeAction::kDelete, "Destroy"},   {ChangeAction::kReplace, "Replace (destroy, then create)"},
    {ChangeAction::kUpdate, "Update in place"}, {ChangeAction::kCreate, "Create"},
    {ChangeAction::kForget, "Forget (removed from state, not destroyed)"}, {ChangeAction::kRead, "Read"},
};

std::string Code(const std::string& text) {
  std::string out = "`";
  for (char c : text) out += c == '`' ? '\'' : c;
  return out + "`";
}

std::string Line(const ResourceChangeSummary& c) {
  std::string line = "- " + Code(c.address);
  if (!c.changed_attributes.empty() && c.action != ChangeAction::kCreate) {
    std::string attrs;
    for (const auto& a : c.changed_attributes) attrs += (attrs.empty() ? "" : ", ") + Code(a);
    line += ": " + attrs;
  }
  if (!c.replace_paths.empty()) {
    std::string forced;
    for (const auto& p : c.replace_paths) forced += (forced.empty() ? "" : ", ") + Code(p);
    line += " (forces replacement: " + forced + ")";
  }
  return line + "\n";
}

}  // namespace

std::string RenderPlanMarkdown(const PlanSummary& summary, const MarkdownOptions& options) {
  std::string md = "### " + options.title + ": " + summary.Headline() + "\n\n";
  if (summary.Empty()) {
    md += "No changes. The infrastructure matches the configuration.\n";
    return md;
  }
  int destructive = summary.destroy + summary.replace;
  if (destructive > 0) {
    md += "> [!CAUTION]\n> **" + std::to_string(destructive) + " resource(s) will be destroyed**";
    if (summary.replace > 0) md += " (" + std::to_string(summary.replace) + " of them recreated)";
    md += ":\n";
    size_t shown = 0;
    for (const auto& c : summary.changes) {
      if (c.action != ChangeAction::kDelete && c.action != ChangeAction::kReplace) continue;
      if (shown++ == options.expanded_limit) {
        md += "> - ... and " + std::to_string(destructive - static_cast<int>(options.expanded_limit)) + " more\n";
        break;
      }
      md += "> - " + Code(c.address) + "\n";
    }
    md += "\n";
  }
  for (const auto& group : kGroups) {
    std::vector<const ResourceChangeSummary*> members;
    for (const auto& c : summary.changes) {
      if (c.action == group.action) members.push_back(&c);
    }
    if (members.empty()) continue;
    std::string heading = std::string(group.heading) + " (" + std::to_string(members.size()) + ")";
    bool collapse = members.size() > options.expanded_limit;
    if (collapse) {
      md += "<details><summary><b>" + heading + "</b></summary>\n\n";
    } else {
      md += "#### " + heading + "\n\n";
    }
    for (const auto* c : members) md += Line(*c);
    md += collapse ? "\n</details>\n\n" : "\n";
  }
  if (!summary.output_changes.empty()) {
    md += "#### Outputs changing (" + std::to_string(summary.output_changes.size()) + ")\n\n";
    for (const auto& name : summary.output_changes) md += "- " + Code(name) + "\n";
    md += "\n";
  }
  for (const auto& w : summary.warnings) md += "_Note: " + w + "_\n";
  return md;
}

}  // namespace faber::reconciler::plan
