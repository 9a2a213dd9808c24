#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "reconciler/hcl/ast.h"

namespace faber::reconciler::hcl {

// The parsed files of one module directory.
struct ModuleFiles {
  std::string dir;
  std::vector<std::unique_ptr<File>> files;  // sorted by file name, as Terraform reads them
};

// Reads and parses every *.tf and *.tf.json file directly in `dir` (file names in diagnostics are
// `dir`/NAME). kNotFound when `dir` is not a directory; syntax errors are in each File's diags.
common::Result<ModuleFiles> LoadModule(const std::string& dir);

// Reads a whole file; kNotFound when it cannot be read.
common::Result<std::string> ReadFile(const std::string& path);

// Structural checks of one module over its parsed files: unknown top-level block types, wrong
// label counts, duplicate resources/data sources/variables/outputs/modules/locals/providers
// (by alias), and module blocks without `source`. Returns the problems found.
std::vector<Diagnostic> ValidateStructure(const ModuleFiles& module);

// The local source directory of a `module` block (`./x` or `../x` relative to `module_dir`), or
// "" when the source is remote or not a literal string.
std::string LocalModuleSource(const Block& module_block, const std::string& module_dir);

}  // namespace faber::reconciler::hcl
