#include "controller/commands/cost_command.h"

#include <ostream>

#include "controller/args.h"
#include "reconciler/cost/budget.h"
#include "reconciler/cost/cost_diff.h"
#include "reconciler/cost/estimate.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::controller {
namespace {

namespace cost = reconciler::cost;

constexpr const char* kUsage =
    "usage: faber cost DIR [--usage-file F] [--budget N] [--warn-share S] [--compare OTHER_DIR] [--pricing DIR] "
    "[--format text|json]";

// A positive number from flag `flag`, or an error naming the flag.
common::Result<double> ParseAmount(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size() && v >= 0) return v;
  } catch (const std::exception&) {
  }
  return common::InvalidInput(flag + " expects a non-negative number, got '" + text + "'");
}

common::Result<cost::CostEstimate> EstimateDirectory(const std::string& dir, const reconciler::hcl::EvalOptions& eval,
                                                      const cost::Catalog& catalog, const cost::UsageFile& usage) {
  auto model = reconciler::hcl::BuildResourceModel(dir, eval);
  if (!model.ok()) return model.status();
  return cost::EstimateCost(*model, catalog, usage);
}

// Prints every usage file error of `estimate` and returns true when there is any: an estimate
// that ignored a misspelt or mistyped usage is understated, so none is shown.
bool RefuseUsageErrors(const cost::CostEstimate& estimate, CommandContext& ctx) {
  for (const auto& e : estimate.usage_errors) ctx.err << "faber cost: " << e << "\n";
  return !estimate.usage_errors.empty();
}

}  // namespace

int RunCostCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args,
                          {"--format", "--usage-file", "--budget", "--warn-share", "--compare", "--pricing",
                           "--var-file", "--var"},
                          {});
  if (!args.ok() || args->positionals().size() != 1) {
    ctx.err << "faber cost: " << (args.ok() ? kUsage : args.status().message()) << "\n";
    return kExitUsage;
  }
  auto format = args->Format();
  if (!format.ok()) {
    ctx.err << "faber cost: " << format.status().message() << "\n";
    return kExitUsage;
  }
  cost::BudgetOptions budget;
  if (auto b = args->Get("--budget")) {
    auto v = ParseAmount("--budget", *b);
    if (!v.ok()) {
      ctx.err << "faber cost: " << v.status().message() << "\n";
      return kExitUsage;
    }
    budget.monthly_usd = *v;
  }
  if (auto s = args->Get("--warn-share")) {
    auto v = ParseAmount("--warn-share", *s);
    if (!v.ok() || *v > 1) {
      ctx.err << "faber cost: --warn-share expects a share between 0 and 1, got '" << *s << "'\n";
      return kExitUsage;
    }
    budget.warn_share = *v;
  }
  cost::UsageFile usage;
  if (auto path = args->Get("--usage-file")) {
    auto loaded = cost::UsageFile::Load(*path);
    if (!loaded.ok()) {
      ctx.err << "faber cost: " << loaded.status().message() << "\n";
      return kExitUsage;
    }
    usage = std::move(*loaded);
  }
  cost::Catalog custom;
  const cost::Catalog* catalog = &cost::BuiltinCatalog();
  if (auto dir = args->Get("--pricing")) {
    auto loaded = cost::LoadCatalogDirectory(*dir);
    if (!loaded.ok()) {
      ctx.err << "faber cost: " << loaded.status().message() << "\n";
      return kExitUsage;
    }
    custom = std::move(*loaded);
    catalog = &custom;
  }
  reconciler::hcl::EvalOptions eval;
  eval.var_files = args->GetAll("--var-file");
  for (const auto& kv : args->GetAll("--var")) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos) {
      ctx.err << "faber cost: --var expects NAME=VALUE, got '" << kv << "'\n";
      return kExitUsage;
    }
    eval.vars.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }

  auto estimate = EstimateDirectory(args->positionals()[0], eval, *catalog, usage);
  if (!estimate.ok()) {
    ctx.err << "faber cost: " << estimate.status().message() << "\n";
    return kExitUsage;
  }
  if (RefuseUsageErrors(*estimate, ctx)) return kExitUsage;
  std::optional<cost::CostDiff> diff;
  if (auto other = args->Get("--compare")) {
    auto before = EstimateDirectory(*other, eval, *catalog, usage);
    if (!before.ok()) {
      ctx.err << "faber cost: --compare: " << before.status().message() << "\n";
      return kExitUsage;
    }
    if (RefuseUsageErrors(*before, ctx)) return kExitUsage;
    diff = cost::DiffCosts(*before, *estimate);
  }
  cost::BudgetCheck check = cost::BudgetTest(*estimate, budget);

  if (*format == "json") {
    nlohmann::ordered_json doc = cost::EstimateToJson(*estimate);
    if (budget.monthly_usd) doc["budget"] = check.test;
    if (diff) doc["diff"] = cost::CostDiffToJson(*diff);
    ctx.out << doc.dump(2) << "\n";
  } else {
    ctx.out << cost::EstimateToText(*estimate);
    if (diff) ctx.out << "\n" << cost::CostDiffToText(*diff);
    if (budget.monthly_usd) ctx.out << "\nBudget: " << cost::BudgetStatusName(check.status) << ": " << check.message << "\n";
  }
  return check.status == cost::BudgetStatus::kFail ? kExitCheckFailed : kExitOk;
}

}  // namespace faber::controller
