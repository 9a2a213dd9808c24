# Generates OUTPUT, a C++ file holding every policy file under POLICY_DIR as a string literal, so
# the faber binary carries its rules wherever it is installed.
file(GLOB_RECURSE policies RELATIVE "${POLICY_DIR}" "${POLICY_DIR}/*.yaml")
list(SORT policies)
set(body "")
foreach(policy IN LISTS policies)
  file(READ "${POLICY_DIR}/${policy}" text)
  string(APPEND body "      {\"policies/${policy}\", R\"faberpolicy(${text})faberpolicy\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from manifests/policies by embed_policies.cmake; do not edit.
#include \"reconciler/checks/builtin_policies.h\"

namespace faber::reconciler::checks {

const std::vector<EmbeddedPolicy>& BuiltinPolicyFiles() {
  static const std::vector<EmbeddedPolicy> kFiles = {
${body}  };
  return kFiles;
}

}  // namespace faber::reconciler::checks
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
