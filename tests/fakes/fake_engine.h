#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/engines/engine.h"

namespace faber::testing {

// An engine whose operations succeed unless told otherwise; records the order of calls.
class FakeEngine : public reconciler::Engine {
 public:
  // Makes `operation` fail with `exit_code` and `output`.
  void FailOn(const std::string& operation, int exit_code, std::string output) {
    failures_[operation] = {exit_code, std::move(output)};
  }
  // Sets what Outputs returns.
  void SetOutputs(std::string json) { outputs_ = std::move(json); }
  // Sets the machine-readable plan (`show -json`) Plan returns.
  void SetPlanData(nlohmann::json plan) { plan_ = std::move(plan); }
  const std::vector<std::string>& calls() const { return calls_; }
  // The environment the last operation ran with.
  const common::Environment& last_env() const { return last_env_; }

  reconciler::EngineResult Init(const reconciler::EngineContext& c) override { return Op("init", c); }
  reconciler::EngineResult Validate(const reconciler::EngineContext& c) override { return Op("validate", c); }
  reconciler::EngineResult Plan(const reconciler::EngineContext& c) override {
    auto r = Op("plan", c);
    if (r.ok) r.data = plan_;
    return r;
  }
  reconciler::EngineResult Apply(const reconciler::EngineContext& c) override { return Op("apply", c); }
  reconciler::EngineResult Outputs(const reconciler::EngineContext& c) override {
    auto r = Op("outputs", c);
    if (r.ok) r.output = outputs_;
    r.ran = !outputs_.empty();
    return r;
  }

 private:
  reconciler::EngineResult Op(const std::string& operation, const reconciler::EngineContext& ctx) {
    calls_.push_back(operation);
    last_env_ = ctx.env;
    reconciler::EngineResult r;
    r.ran = true;
    r.detail = "exit code 0";
    r.output = operation + " ok";
    if (auto it = failures_.find(operation); it != failures_.end()) {
      r.ok = false;
      r.exit_code = it->second.first;
      r.output = it->second.second;
      r.detail = "exit code " + std::to_string(r.exit_code);
    }
    return r;
  }
  std::map<std::string, std::pair<int, std::string>> failures_;
  std::vector<std::string> calls_;
  std::string outputs_;
  nlohmann::json plan_;
  common::Environment last_env_;
};

}  // namespace faber::testing
