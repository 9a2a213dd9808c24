#include "controller/engine_factory.h"

#include "reconciler/engines/command_engine.h"
#include "reconciler/engines/terraform_engine.h"

namespace faber::controller {

common::Result<std::unique_ptr<reconciler::Engine>> BuiltinEngineFactory::Create(const manifests::EnvironmentConfig& env) {
  if (env.engine == manifests::EngineKind::kCommand) {
    return std::unique_ptr<reconciler::Engine>(std::make_unique<reconciler::CommandEngine>(env.commands, runner_));
  }
  {
    const manifests::TerraformConfig& tf = env.terraform;
    reconciler::TerraformSettings settings;
    settings.binary = tf.binary.empty() ? manifests::EngineKindName(env.engine) : tf.binary;
    settings.workspace = tf.workspace.empty() ? env.name : tf.workspace;
    settings.backend_config = tf.backend_config;
    settings.var_files = env.var_files;
    settings.remedies.retries = tf.retries;
    settings.remedies.retry_interval = tf.retry_interval;
    settings.remedies.force_unlock = tf.force_unlock;
    settings.remedies.reinit = tf.reinit;
    return std::unique_ptr<reconciler::Engine>(
        std::make_unique<reconciler::TerraformEngine>(std::move(settings), runner_, clock_));
  }
}

}  // namespace faber::controller
