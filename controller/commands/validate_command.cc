#include "controller/commands/validate_command.h"

#include <deque>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "controller/args.h"
#include "reconciler/hcl/module_loader.h"

namespace faber::controller {
namespace {

namespace hcl = reconciler::hcl;

nlohmann::json DiagJson(const hcl::Diagnostic& d) {
  return {{"file", d.file},
          {"line", d.start.line},
          {"column", d.start.column},
          {"end_line", d.end.line},
          {"end_column", d.end.column},
          {"severity", d.severity == hcl::Severity::kError ? "error" : "warning"},
          {"summary", d.summary},
          {"detail", d.detail}};
}

}  // namespace

int RunValidateCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--format"}, {});
  if (!args.ok()) {
    ctx.err << "faber validate: " << args.status().message() << "\n";
    return kExitUsage;
  }
  auto format = args->Format();
  if (!format.ok() || args->positionals().size() != 1) {
    ctx.err << "faber validate: " << (format.ok() ? "usage: faber validate DIR [--format text|json]" : format.status().message())
            << "\n";
    return kExitUsage;
  }
  std::vector<hcl::Diagnostic> diags;
  size_t file_count = 0;
  std::set<std::string> visited;
  std::deque<std::string> pending{args->positionals()[0]};
  bool root = true;
  while (!pending.empty()) {
    std::string dir = pending.front();
    pending.pop_front();
    if (!visited.insert(dir).second) continue;
    auto module = hcl::LoadModule(dir);
    if (!module.ok()) {
      if (root) {
        ctx.err << "faber validate: " << module.status().message() << "\n";
        return kExitUsage;
      }
      continue;  // a missing local module is reported where it is called, below
    }
    root = false;
    file_count += module->files.size();
    for (const auto& f : module->files) diags.insert(diags.end(), f->diags.begin(), f->diags.end());
    for (auto& d : hcl::ValidateStructure(*module)) diags.push_back(std::move(d));
    for (const auto& f : module->files) {
      if (f->HasErrors()) continue;
      for (const hcl::Block* b : f->body->blocks) {
        if (b->type != "module" || b->labels.size() != 1) continue;
        std::string src = hcl::LocalModuleSource(*b, dir);
        if (src.empty()) continue;
        if (!hcl::LoadModule(src).ok()) {
          hcl::Diagnostic d;
          d.summary = "Module not found";
          d.detail = "The module directory " + src + " does not exist.";
          d.file = f->source.name();
          d.start = f->source.PosAt(b->type_range.start);
          d.end = f->source.PosAt(b->type_range.end);
          diags.push_back(std::move(d));
          continue;
        }
        pending.push_back(src);
      }
    }
  }
  size_t errors = 0;
  for (const auto& d : diags) errors += d.severity == hcl::Severity::kError;
  if (*format == "json") {
    nlohmann::json out = {{"valid", errors == 0}, {"files", file_count}, {"error_count", errors},
                          {"diagnostics", nlohmann::json::array()}};
    for (const auto& d : diags) out["diagnostics"].push_back(DiagJson(d));
    ctx.out << out.dump(2) << "\n";
  } else {
    for (const auto& d : diags) ctx.out << hcl::FormatDiagnostic(d) << "\n";
    if (errors == 0) {
      ctx.out << "valid: " << file_count << " file(s), " << visited.size() << " module(s), no errors\n";
    } else {
      ctx.out << errors << " error(s) in " << file_count << " file(s)\n";
    }
  }
  return errors == 0 ? kExitOk : kExitCheckFailed;
}

}  // namespace faber::controller
