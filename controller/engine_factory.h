#pragma once

#include "common/clock.h"
#include "common/process_runner.h"
#include "reconciler/engines/engine.h"

namespace faber::controller {

// The engines this build provides, keyed by faber.yaml's `engine`.
class BuiltinEngineFactory : public reconciler::EngineFactory {
 public:
  // `clock` paces the terraform engine's retries; null means the system clock.
  explicit BuiltinEngineFactory(common::ProcessRunner& runner, common::Clock* clock = nullptr)
      : runner_(runner), clock_(clock != nullptr ? *clock : system_clock_) {}
  // Returns the engine for `env`; kInvalidInput for an engine kind this build lacks.
  common::Result<std::unique_ptr<reconciler::Engine>> Create(const manifests::EnvironmentConfig& env) override;

 private:
  common::ProcessRunner& runner_;
  common::SystemClock system_clock_;
  common::Clock& clock_;
};

}  // namespace faber::controller
