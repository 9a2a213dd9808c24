#include "controller/commands/hcl2json_command.h"

#include <ostream>

#include <nlohmann/json.hpp>

#include "controller/args.h"
#include "reconciler/hcl/hcl2json.h"
#include "reconciler/hcl/module_loader.h"
#include "reconciler/hcl/parser.h"

namespace faber::controller {
namespace {

namespace hcl = reconciler::hcl;

// The JSON of one file, or the first diagnostic as an error message.
common::Result<nlohmann::json> Convert(const std::string& path, std::string text) {
  // .tf.json files already are in this shape; they are only checked to be JSON.
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return common::InvalidInput(path + ": not valid JSON");
    return j;
  }
  auto file = hcl::ParseConfig(path, std::move(text));
  if (file->HasErrors()) return common::InvalidInput(hcl::FormatDiagnostic(file->diags[0]));
  return hcl::ToHcl2Json(*file);
}

}  // namespace

int RunHcl2JsonCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--format"}, {"--compact"});
  if (!args.ok() || args->positionals().empty()) {
    ctx.err << "faber hcl2json: " << (args.ok() ? "usage: faber hcl2json FILE... [--compact]" : args.status().message())
            << "\n";
    return kExitUsage;
  }
  int indent = args->Has("--compact") ? -1 : 4;
  const auto& paths = args->positionals();
  nlohmann::json all = nlohmann::json::object();
  int rc = kExitOk;
  for (const auto& path : paths) {
    auto text = hcl::ReadFile(path);
    if (!text.ok()) {
      ctx.err << "faber hcl2json: " << text.status().message() << "\n";
      return kExitUsage;
    }
    auto j = Convert(path, std::move(*text));
    if (!j.ok()) {
      ctx.err << j.status().message() << "\n";
      rc = kExitCheckFailed;
      if (paths.size() > 1) all[path] = {{"error", j.status().message()}};
      continue;
    }
    if (paths.size() == 1) {
      ctx.out << j->dump(indent) << "\n";
      return kExitOk;
    }
    all[path] = std::move(*j);
  }
  if (paths.size() > 1) ctx.out << all.dump(indent) << "\n";
  return rc;
}

}  // namespace faber::controller
