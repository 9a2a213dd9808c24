#include "reconciler/stages/run_context.h"

#include "reconciler/checks/policy_loader.h"
#include "reconciler/hcl/module_evaluator.h"
#include "reconciler/plan/sensitive.h"
#include "reconciler/stages/command_environment.h"
#include "reconciler/stages/static_checks.h"

namespace faber::reconciler {

std::string TailOf(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  return "[... " + std::to_string(text.size() - limit) + " bytes omitted ...]\n" + text.substr(text.size() - limit);
}

RunContext::RunContext(const RunInputs& inputs, RunServices services)
    : inputs_(inputs), services_(std::move(services)) {
  command_env_ = BuildCommandEnvironment(*inputs_.env, inputs_.commit, inputs_.branch, inputs_.run_id,
                                         services_.redactor);
  summary_.environment = inputs_.env->name;
  summary_.branch = inputs_.branch;
  summary_.commit = inputs_.commit;
  summary_.run_id = inputs_.run_id;
  summary_.tests_skipped = inputs_.skip_tests;
}

const common::Result<ResourceModel>& RunContext::CodeModel() {
  if (!code_model_) {
    hcl::EvalOptions eval;
    for (const auto& f : inputs_.env->var_files) eval.var_files.push_back((module_dir() / f).string());
    code_model_.emplace(hcl::BuildResourceModel(module_dir().string(), eval));
  }
  return *code_model_;
}

const common::Result<std::vector<checks::Rule>>& RunContext::Rules() {
  if (!rules_) {
    rules_.emplace(inputs_.load_rules ? inputs_.load_rules()
                                      : common::Result<std::vector<checks::Rule>>(checks::BuiltinRules()));
  }
  return *rules_;
}

EngineContext RunContext::EngineContextFor(manifests::Stage stage) {
  EngineContext ctx;
  ctx.module_dir = module_dir();
  ctx.env = command_env_;
  ctx.timeout = inputs_.env->stage_timeout;
  if (ctx.timeout.count() > 0) ctx.deadline = services_.clock.SteadyNow() + ctx.timeout;
  ctx.approved = inputs_.approved;
  ctx.cancel = services_.cancel;
  ctx.on_started = [this, stage](pid_t pgid) { NotifyStage(stage, pgid); };
  return ctx;
}

void RunContext::KeepEngineData(const std::string& operation, nlohmann::json data) {
  // What the tool marks sensitive is masked in every later output of this run.
  for (const auto& secret : plan::CollectSensitiveValues(data)) services_.redactor.AddSecretValue(secret);
  engine_data_[operation] = std::move(data);
}

const nlohmann::json* RunContext::EngineData(const std::string& operation) const {
  auto it = engine_data_.find(operation);
  return it == engine_data_.end() ? nullptr : &it->second;
}

std::string RunContext::RecordedOutput(const std::string& text) const {
  return TailOf(services_.redactor.Redact(text), kStageOutputLimit);
}

void RunContext::NotifyStage(manifests::Stage stage, pid_t pgid) const {
  if (services_.on_stage) services_.on_stage(stage, pgid);
}

}  // namespace faber::reconciler
