#include "controller/engine_factory.h"

#include "reconciler/engines/command_engine.h"

namespace faber::controller {

common::Result<std::unique_ptr<reconciler::Engine>> BuiltinEngineFactory::Create(const manifests::EnvironmentConfig& env) {
  if (env.engine == "command") {
    return std::unique_ptr<reconciler::Engine>(std::make_unique<reconciler::CommandEngine>(env.commands, runner_));
  }
  return common::InvalidInput("environment " + env.name + ": engine '" + env.engine +
                              "' is not available in this build (available: command)");
}

}  // namespace faber::controller
