#pragma once

#include "common/process_runner.h"
#include "reconciler/engines/engine.h"

namespace faber::controller {

// The engines this build provides, keyed by faber.yaml's `engine`.
class BuiltinEngineFactory : public reconciler::EngineFactory {
 public:
  explicit BuiltinEngineFactory(common::ProcessRunner& runner) : runner_(runner) {}
  // Returns the engine for `env`; kInvalidInput for an engine kind this build lacks.
  common::Result<std::unique_ptr<reconciler::Engine>> Create(const manifests::EnvironmentConfig& env) override;

 private:
  common::ProcessRunner& runner_;
};

}  // namespace faber::controller
