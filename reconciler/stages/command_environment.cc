#include "reconciler/stages/command_environment.h"

namespace faber::reconciler {

common::Environment BuildCommandEnvironment(const manifests::EnvironmentConfig& env, const std::string& commit,
                                            const std::string& branch, const std::string& run_id,
                                            common::Redactor& redactor) {
  std::vector<std::string> names = {"PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR"};
  names.insert(names.end(), env.pass_env.begin(), env.pass_env.end());
  common::Environment vars = common::InheritVariables(names);
  if (vars.find("PATH") == vars.end()) vars["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& [name, value] : vars) {
    if (common::LooksLikeSecretName(name)) redactor.AddSecretValue(value);
  }
  vars["FABER_ENV"] = env.name;
  vars["FABER_COMMIT"] = commit;
  vars["FABER_BRANCH"] = branch;
  vars["FABER_RUN_ID"] = run_id;
  return vars;
}

}  // namespace faber::reconciler
