#include "reconciler/stages/command_environment.h"

#include <algorithm>

namespace faber::reconciler {

common::Environment BuildCommandEnvironment(const manifests::EnvironmentConfig& env, const std::string& commit,
                                            const std::string& branch, const std::string& run_id,
                                            common::Redactor& redactor) {
  std::vector<std::string> names = {"PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR"};
  names.insert(names.end(), env.pass_env.begin(), env.pass_env.end());
  common::Environment vars = common::InheritVariables(names);
  if (vars.find("PATH") == vars.end()) vars["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  // A variable passed on purpose may hold anything (STRIPE_KEY, DB_PASS, a DSN): its value is
  // redacted whatever its name, unless faber.yaml marks it public. The base variables are
  // redacted only when their names say secret.
  for (const auto& [name, value] : vars) {
    const bool passed = std::find(env.pass_env.begin(), env.pass_env.end(), name) != env.pass_env.end();
    const bool is_public =
        std::find(env.pass_env_public.begin(), env.pass_env_public.end(), name) != env.pass_env_public.end();
    if ((passed && !is_public) || common::LooksLikeSecretName(name)) redactor.AddSecretValue(value);
  }
  vars["FABER_ENV"] = env.name;
  vars["FABER_COMMIT"] = commit;
  vars["FABER_BRANCH"] = branch;
  vars["FABER_RUN_ID"] = run_id;
  return vars;
}

}  // namespace faber::reconciler
