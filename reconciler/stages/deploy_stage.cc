// The deploy stage: the engine's apply, then the outputs it left.

#include "common/json_parse.h"
#include "reconciler/stages/stage_steps.h"
#include "reconciler/stages/stages.h"

namespace faber::reconciler {
namespace {

// The deployed outputs, sensitive values masked and the rest redacted; null when the engine has none.
nlohmann::json ReadOutputs(RunContext& ctx) {
  EngineResult r = ctx.services().engine.Outputs(ctx.EngineContextFor(manifests::Stage::kDeploy));
  if (!r.ran || !r.ok) return nullptr;
  auto parsed = common::ParseJson(r.output);
  if (parsed.is_discarded()) return {{"error", "outputs are not JSON"}};
  return MaskOutputs(parsed, ctx.services().redactor);
}

}  // namespace

nlohmann::json MaskOutputs(const nlohmann::json& outputs, const common::Redactor& redactor) {
  if (!outputs.is_object()) return nlohmann::json::parse(redactor.Redact(outputs.dump()), nullptr, false);
  nlohmann::json masked = nlohmann::json::object();
  for (const auto& [name, entry] : outputs.items()) {
    if (entry.is_object() && entry.value("sensitive", false)) {
      masked[name] = {{"value", common::Redactor::kMask}, {"sensitive", true}};
    } else {
      masked[name] = nlohmann::json::parse(redactor.Redact(entry.dump()), nullptr, false);
    }
  }
  return masked;
}

bool RunDeployStage(RunContext& ctx) {
  if (!RunEngineOperations(ctx, manifests::Stage::kDeploy, {{"apply", &Engine::Apply}})) return false;
  ctx.summary().outputs = ReadOutputs(ctx);
  return true;
}

}  // namespace faber::reconciler
