#include "reconciler/engines/terraform_engine.h"

#include <openssl/evp.h>

#include <fstream>

#include "common/json_parse.h"
#include "reconciler/engines/command_engine.h"
#include "reconciler/engines/engine_json.h"
#include "reconciler/plan/plan_document.h"

namespace faber::reconciler {
namespace {

// The variables terraform and tofu read to behave as in automation; set on top of the
// environment's own (explicit) variables.
void AddAutomationVariables(common::Environment& env) {
  env["TF_IN_AUTOMATION"] = "1";
  env["TF_INPUT"] = "0";
  env["CHECKPOINT_DISABLE"] = "1";
}

// Appends `next` (one more command of the same operation) to `total`.
void Accumulate(EngineResult& total, const EngineResult& next) {
  total.ran = true;
  total.ok = next.ok;
  total.exit_code = next.exit_code;
  total.timed_out = next.timed_out;
  total.cancelled = next.cancelled;
  total.duration += next.duration;
  if (!next.output.empty()) total.output += (total.output.empty() ? "" : "\n") + next.output;
  total.detail = next.detail;
  total.remedies.insert(total.remedies.end(), next.remedies.begin(), next.remedies.end());
  total.attempts.insert(total.attempts.end(), next.attempts.begin(), next.attempts.end());
}

// Turns `validate -json` diagnostics into lines people read: "file:line:col: severity: summary: detail".
std::string DescribeDiagnostics(const nlohmann::json& report) {
  std::string out;
  const auto& diagnostics = report.value("diagnostics", nlohmann::json::array());
  for (const auto& d : diagnostics.is_array() ? diagnostics : nlohmann::json::array()) {
    std::string line;
    const auto& range = d.value("range", nlohmann::json());
    if (range.is_object()) {
      line += range.value("filename", "") + ":" + std::to_string(range.value("start", nlohmann::json::object()).value("line", 0)) +
              ":" + std::to_string(range.value("start", nlohmann::json::object()).value("column", 0)) + ": ";
    }
    line += d.value("severity", "error") + ": " + d.value("summary", "");
    std::string detail = d.value("detail", "");
    if (!detail.empty()) line += ": " + detail;
    out += line + "\n";
  }
  return out;
}

bool Stopped(const EngineResult& r) { return r.timed_out || r.cancelled; }

}  // namespace

std::string FileDigest(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof(buffer));
    if (in.gcount() > 0) EVP_DigestUpdate(md, buffer, static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(md, digest, &length);
  EVP_MD_CTX_free(md);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

EngineResult TerraformEngine::RunOnce(const std::vector<std::string>& args, const EngineContext& ctx,
                                      std::string* stdout_only, const StdoutFile* to_file) {
  std::vector<std::string> argv = {settings_.binary};
  argv.insert(argv.end(), args.begin(), args.end());
  EngineContext automated = ctx;
  AddAutomationVariables(automated.env);
  EngineResult result = RunEngineProcess(runner_, std::move(argv), automated, stdout_only, to_file);
  // Name the subcommand: an operation runs several (init, plan, show), each may be the one failing.
  result.detail = args.front() + ": " + result.detail;
  return result;
}

EngineResult TerraformEngine::Run(const std::vector<std::string>& args, const EngineContext& ctx, bool lockable,
                                  std::string* stdout_only, const StdoutFile* to_file) {
  EngineResult total;
  std::chrono::milliseconds wait = settings_.remedies.retry_interval;
  int retries_left = settings_.remedies.retries;
  bool unlocked = false;
  std::optional<size_t> pending;  // the remedy whose outcome the next run tells
  while (true) {
    EngineResult r = RunOnce(args, ctx, stdout_only, to_file);
    Accumulate(total, r);
    if (pending) total.attempts[*pending].succeeded = r.ok;
    pending.reset();
    if (r.ok || Stopped(r)) return total;
    TerraformFailure failure = ClassifyTerraformFailure(r.output);
    if (failure == TerraformFailure::kTransient && retries_left > 0) {
      --retries_left;
      total.remedies.push_back("retry " + args.front() + " after " + std::to_string(wait.count()) +
                               "ms (transient failure)");
      pending = total.attempts.size();
      total.attempts.push_back({"retry_with_backoff", r.output, false});
      clock_.SleepFor(wait);
      wait *= 2;
      continue;
    }
    if (failure == TerraformFailure::kStateLocked && lockable && !unlocked) {
      std::string id = LockIdFrom(r.output);
      // A person may approve unlocking one lock they looked at; the policy may allow any stale lock.
      bool approved = !id.empty() && id == ctx.approved.unlock_lock_id;
      if (id.empty() || !(settings_.remedies.force_unlock || approved)) {
        total.remedies.push_back(id.empty() ? "state locked; no lock id in the error, not unlocked"
                                            : "state locked by lock " + id + "; force_unlock is not allowed");
        return total;
      }
      unlocked = true;
      EngineResult unlock = RunOnce({"force-unlock", "-force", "-no-color", id}, ctx);
      total.duration += unlock.duration;
      total.output += "\n" + unlock.output;
      total.remedies.push_back("force-unlock " + id + (approved ? " (approved)" : "") + ": " +
                               (unlock.ok ? "succeeded" : unlock.detail));
      total.attempts.push_back({"unlock_state", r.output, false});
      if (!unlock.ok) return total;
      pending = total.attempts.size() - 1;
      continue;
    }
    return total;
  }
}

std::vector<std::string> TerraformEngine::InitArgs(const std::string& remedy_flag) const {
  std::vector<std::string> args = {"init", "-input=false", "-no-color"};
  if (!remedy_flag.empty()) args.push_back(remedy_flag);
  for (const auto& b : settings_.backend_config) args.push_back("-backend-config=" + b);
  return args;
}

EngineResult TerraformEngine::Init(const EngineContext& ctx) {
  EngineResult result = Run(InitArgs(""), ctx, false);
  if (!result.ok && !Stopped(result) && (settings_.remedies.reinit || ctx.approved.reinit)) {
    TerraformFailure failure = ClassifyTerraformFailure(result.output);
    std::string flag = failure == TerraformFailure::kNeedsUpgrade       ? "-upgrade"
                       : failure == TerraformFailure::kNeedsReconfigure ? "-reconfigure"
                                                                        : "";
    if (!flag.empty()) {
      EngineResult again = Run(InitArgs(flag), ctx, false);
      again.remedies.insert(again.remedies.begin(), "init " + flag + ": " + (again.ok ? "succeeded" : again.detail));
      again.attempts.insert(again.attempts.begin(), {"reinit_providers", result.output, again.ok});
      Accumulate(result, again);
    }
  }
  if (!result.ok) return result;
  const std::string& ws = settings_.workspace;
  if (ws.empty() || ws == "default") return result;
  EngineResult select = RunOnce({"workspace", "select", "-no-color", ws}, ctx);
  if (!select.ok && !Stopped(select)) {
    // A first deploy: the workspace does not exist yet.
    EngineResult created = RunOnce({"workspace", "new", "-no-color", ws}, ctx);
    select.output += "\n" + created.output;
    select.ok = created.ok;
    select.exit_code = created.exit_code;
    select.detail = "workspace new " + ws + ": " + created.detail;
    select.duration += created.duration;
  }
  Accumulate(result, select);
  if (result.ok) result.detail = "initialized, workspace " + ws;
  return result;
}

EngineResult TerraformEngine::Validate(const EngineContext& ctx) {
  std::string json_text;
  EngineResult r = RunOnce({"validate", "-json", "-no-color"}, ctx, &json_text);
  if (Stopped(r)) return r;
  auto report = common::ParseJson(json_text);
  if (report.is_discarded() || !report.is_object()) return r;  // not JSON: keep the text as it is
  r.data = report;
  r.output = DescribeDiagnostics(report);
  bool valid = report.value("valid", false);
  r.ok = r.ok && valid;
  r.detail = "validate: " + std::to_string(report.value("error_count", 0)) + " error(s), " +
             std::to_string(report.value("warning_count", 0)) + " warning(s)";
  if (!valid && r.exit_code == 0) r.exit_code = 1;
  return r;
}

EngineResult TerraformEngine::PlanTo(const std::string& file, const std::vector<std::string>& extra,
                                     const EngineContext& ctx) {
  std::vector<std::string> args = {"plan", "-input=false", "-no-color"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("-out=" + file);
  for (const auto& v : settings_.var_files) args.push_back("-var-file=" + v);
  EngineResult result = Run(args, ctx, true);
  if (!result.ok) return result;
  EngineResult show;
  auto json_text = ShowJson({"show", "-json", "-no-color", file}, ctx, false, show);
  if (!show.ok) {
    Accumulate(result, show);
    return result;
  }
  result.duration += show.duration;
  auto doc = json_text.ok() ? plan::ParsePlanDocument(*json_text, "show -json " + file)
                            : common::Result<plan::PlanDocument>(json_text.status());
  json_text = std::string();  // the text is no longer needed once parsed: free it before the run goes on
  if (!doc.ok()) {
    result.ok = false;
    result.exit_code = 1;
    result.detail = doc.status().message();
    result.output += "\n" + doc.status().message();
    return result;
  }
  result.data = std::move(doc->json);
  result.detail = "plan saved to " + file;
  return result;
}

EngineResult TerraformEngine::Plan(const EngineContext& ctx) {
  planned_digest_.reset();
  std::error_code ignored;
  std::filesystem::remove(ctx.module_dir / settings_.plan_file, ignored);
  EngineResult result = PlanTo(settings_.plan_file, {}, ctx);
  if (result.ok) planned_digest_ = FileDigest(ctx.module_dir / settings_.plan_file);
  return result;
}

EngineResult TerraformEngine::Apply(const EngineContext& ctx) {
  EngineResult refused;
  refused.ran = true;
  refused.ok = false;
  refused.exit_code = -1;
  if (!planned_digest_) {
    refused.detail = "no saved plan: apply runs only the plan this run made and showed";
    refused.output = refused.detail;
    return refused;
  }
  if (FileDigest(ctx.module_dir / settings_.plan_file) != *planned_digest_) {
    refused.detail = "the saved plan " + settings_.plan_file + " changed after it was shown; not applied";
    refused.output = refused.detail;
    return refused;
  }
  // Applied at most once: a second apply would need a new plan.
  planned_digest_.reset();
  return Run({"apply", "-input=false", "-no-color", settings_.plan_file}, ctx, true);
}

EngineResult TerraformEngine::Outputs(const EngineContext& ctx) {
  std::string json_text;
  EngineResult r = Run({"output", "-json", "-no-color"}, ctx, false, &json_text);
  // The contract is JSON in `output`: warnings on stderr (e.g. about the CLI configuration) stay out.
  if (r.ok) r.output = json_text;
  return r;
}

common::Result<std::string> TerraformEngine::ShowJson(const std::vector<std::string>& args, const EngineContext& ctx,
                                                      bool retried, EngineResult& show) {
  // Beside the saved plan, 0600, removed once read: the JSON holds sensitive values.
  StdoutFile json_file{ctx.module_dir / (settings_.plan_file + ".show.json"), kMaxEngineJsonBytes};
  show = retried ? Run(args, ctx, false, nullptr, &json_file) : RunOnce(args, ctx, nullptr, &json_file);
  if (!show.ok) {
    std::error_code ignored;
    std::filesystem::remove(json_file.path, ignored);
    return common::Internal(show.detail);
  }
  std::string what = "show -json";
  if (args.back().front() != '-') what += " " + args.back();
  return TakeEngineJson(json_file.path, json_file.max_bytes, what);
}

EngineResult TerraformEngine::State(const EngineContext& ctx) {
  EngineResult r;
  auto json_text = ShowJson({"show", "-json", "-no-color"}, ctx, true, r);
  if (!r.ok) return r;
  std::string error;
  auto state =
      json_text.ok() ? common::ParseJson(*json_text, &error) : nlohmann::json(nlohmann::json::value_t::discarded);
  if (!json_text.ok()) error = json_text.status().message();
  json_text = std::string();
  if (state.is_discarded()) {
    r.ok = false;
    r.exit_code = 1;
    r.detail = "show -json: the state is not JSON: " + error;
    r.output = r.detail;
    return r;
  }
  r.data = std::move(state);
  r.output.clear();  // the state holds sensitive values: kept only as data
  r.detail = "state read";
  return r;
}

EngineResult TerraformEngine::Drift(const EngineContext& ctx) {
  return PlanTo(".faber-drift.tfplan", {"-refresh-only"}, ctx);
}

}  // namespace faber::reconciler
