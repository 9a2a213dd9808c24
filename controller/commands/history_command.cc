#include "controller/commands/history_command.h"

#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/json_parse.h"
#include "controller/args.h"
#include "controller/repository_source.h"
#include "manifests/run_vocabulary.h"
#include "reconciler/repository_reconciler.h"
#include "store/records_layout.h"
#include "store/records_store.h"

namespace faber::controller {
namespace {

std::string Cell(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string Percent(double rate) { return std::to_string(static_cast<int>(rate * 100 + 0.5)) + "%"; }

// The environment's drift state in one line, from `drift` in deployments/<env>.json (null when
// never checked); says so when a later deploy left the last check behind.
std::string DescribeDrift(const nlohmann::json& drift, const std::string& last_applied) {
  if (!drift.is_object()) return "drift: never checked (faber reconcile --drift, or drift_interval in server.yaml)";
  // Records from a newer faber may hold a verdict this one does not know: read as a failed check.
  manifests::DriftVerdict verdict =
      manifests::ParseDriftVerdict(drift.value("status", "")).value_or(manifests::DriftVerdict::kFailed);
  std::string checked = drift.value("checked_at", "");
  std::string commit = drift.value("commit", "");
  std::string report = drift.value("report", "");
  nlohmann::json since = drift.value("since", nlohmann::json());
  std::string line = "drift: ";
  if (verdict == manifests::DriftVerdict::kDrifted) {
    line += "drifted since " + (since.is_string() ? since.get<std::string>() : checked) + ", " +
            std::to_string(drift.value("drifted_resources", 0)) + " resource(s) changed outside faber (last checked " +
            checked + " at " + commit.substr(0, 7) + ": " + report + ")";
  } else if (verdict == manifests::DriftVerdict::kInSync) {
    line += "in sync at " + commit.substr(0, 7) + " (last checked " + checked + ": " + report + ")";
  } else {
    line += "the last check failed at " + checked + " (" + drift.value("detail", "") + ")";
    if (since.is_string()) line += "; drifted since " + since.get<std::string>() + " before it";
  }
  if (!last_applied.empty() && !commit.empty() && last_applied != commit) {
    line += "; " + last_applied.substr(0, 7) + " deployed since, not checked yet";
  }
  return line;
}

void PrintHistory(const nlohmann::json& doc, const std::string& env, size_t limit, std::ostream& out) {
  const nlohmann::json& stats = doc.value("stats", nlohmann::json::object());
  const nlohmann::json& runs = doc.value("runs", nlohmann::json::array());
  out << "history of " << env << ": " << stats.value("total_runs", 0) << " run(s), success rate "
      << Percent(stats.value("success_rate", 0.0)) << ", last 10 " << Percent(stats.value("recent_success_rate", 0.0))
      << ", trend " << stats.value("trend", "stable") << "\n";
  out << DescribeDrift(doc.value("drift", nlohmann::json()), doc.value("last_applied_commit", "")) << "\n";
  out << std::left << std::setw(26) << "RUN" << std::setw(9) << "COMMIT" << std::setw(12) << "STATUS" << std::setw(10)
      << "DURATION" << std::setw(17) << "FAILED STAGE" << std::setw(9) << "PRE" << std::setw(9) << "POST" << "PR\n";
  size_t shown = 0;
  for (auto it = runs.rbegin(); it != runs.rend() && shown < limit; ++it, ++shown) {
    const auto& r = *it;
    std::ostringstream duration;
    duration << std::fixed << std::setprecision(1) << static_cast<double>(r.value("duration_ms", 0)) / 1000.0 << "s";
    std::string pr = r.contains("pull_request") && !r["pull_request"].is_null() ? "#" + Cell(r["pull_request"]) : "-";
    out << std::left << std::setw(26) << Cell(r.value("run_id", nlohmann::json())) << std::setw(9)
        << Cell(r.value("commit", nlohmann::json())).substr(0, 7) << std::setw(12) << Cell(r.value("status", nlohmann::json()))
        << std::setw(10) << duration.str() << std::setw(17) << Cell(r.value("failed_stage", nlohmann::json()))
        << std::setw(9) << Cell(r.value("pre_deployment", nlohmann::json())) << std::setw(9)
        << Cell(r.value("post_deployment", nlohmann::json())) << pr << "\n";
  }
}

}  // namespace

int RunHistoryCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--env", "--repo", "--limit", "--data-dir", "--format", "--records-branch"}, {});
  auto format = args.ok() ? args->Format() : common::Result<std::string>(args.status());
  if (!args.ok() || !format.ok() || !args->Get("--env")) {
    ctx.err << "usage: faber history --env E [--repo PATH|URL] [--limit N] [--format text|json]\n";
    if (!format.ok()) ctx.err << format.status().message() << "\n";
    return kExitUsage;
  }
  std::string env = *args->Get("--env");
  size_t limit = 20;
  try {
    limit = static_cast<size_t>(std::stoul(args->GetOr("--limit", "20")));
  } catch (...) {
    ctx.err << "faber history: --limit must be a number\n";
    return kExitUsage;
  }
  std::filesystem::path data_dir = args->Get("--data-dir") ? std::filesystem::path(*args->Get("--data-dir")) : DefaultDataDir();
  auto repo = MakeRepositoryOpener(args->GetOr("--repo", "."), data_dir)();
  if (!repo.ok()) {
    ctx.err << "faber history: " << repo.status().message() << "\n";
    return kExitUsage;
  }
  if (auto s = (*repo)->Fetch(); !s.ok()) {
    ctx.err << "faber history: " << s.message() << "\n";
    return kExitCheckFailed;
  }
  std::string branch = args->GetOr("--records-branch", "");
  if (branch.empty()) {
    auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo);
    branch = config.ok() ? config->records_branch : "faber/records";
  }
  common::SystemClock clock;
  store::RecordsStore records(**repo, branch, clock);
  auto snapshot = records.Sync();
  if (!snapshot.ok()) {
    ctx.err << "faber history: " << snapshot.status().message() << "\n";
    return kExitCheckFailed;
  }
  auto text = snapshot->Read(store::HistoryPath(env));
  if (!text.ok()) {
    ctx.err << "faber history: no runs recorded for environment " << env << " on " << branch << "\n";
    return kExitCheckFailed;
  }
  auto doc = common::ParseJson(*text);
  if (doc.is_discarded()) {
    ctx.err << "faber history: " << store::HistoryPath(env) << " on " << branch << " is not valid JSON\n";
    return kExitCheckFailed;
  }
  // Where the environment stands on drift: the last check, kept in deployments/<env>.json.
  doc["drift"] = nullptr;
  if (auto deployment = snapshot->Read(store::DeploymentPath(env)); deployment.ok()) {
    auto state = store::ParseDeploymentState(*deployment, store::DeploymentPath(env));
    if (state.ok()) {
      doc["drift"] = state->drift;
      doc["last_applied_commit"] = state->last_applied_commit;
    }
  }
  if (*format == "json") {
    ctx.out << doc.dump(2) << "\n";
  } else {
    PrintHistory(doc, env, limit, ctx.out);
    ctx.out << "\naudit: git log " << branch << " --format='%h %ad %s' --date=iso\n";
  }
  return kExitOk;
}

}  // namespace faber::controller
