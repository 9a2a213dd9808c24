# Generates OUTPUT, a C++ file defining NAMESPACE::FUNCTION(), which returns every *.yaml file under
# DIR (as common::EmbeddedFile, named PREFIX/<relative path>) in path order. HEADER declares it.
#   cmake -DDIR=... -DOUTPUT=... -DHEADER=... -DNAMESPACE=... -DFUNCTION=... -DPREFIX=... -P embed_files.cmake
file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/*.yaml")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  file(READ "${DIR}/${f}" text)
  string(APPEND body "      {\"${PREFIX}/${f}\", R\"faberdata(${text})faberdata\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${PREFIX}/ by cmake/embed_files.cmake; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

const std::vector<common::EmbeddedFile>& ${FUNCTION}() {
  static const std::vector<common::EmbeddedFile> kFiles = {
${body}  };
  return kFiles;
}

}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
