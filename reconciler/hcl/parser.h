#pragma once

#include <memory>
#include <string>

#include "reconciler/hcl/ast.h"

namespace faber::reconciler::hcl {

// Parses `text` as an HCL native-syntax config file named `name`. Never fails: syntax errors are
// in File::diags (the first one at the position HashiCorp's parser reports) and the tree holds
// what could be parsed.
std::unique_ptr<File> ParseConfig(std::string name, std::string text);

// Parses the bytes of `file` in `region` as a standalone template (the strings of the JSON
// syntax) into `file`'s arena. Errors go to file.diags.
Expr* ParseTemplateRegion(File& file, Range region);

// Parses a .tf.json file into the same tree shape as native syntax (blocks by Terraform's
// top-level schema; strings as templates).
std::unique_ptr<File> ParseJsonConfig(std::string name, std::string text);

// Parses by file extension: ".json" uses the JSON syntax, anything else the native syntax.
std::unique_ptr<File> ParseFile(std::string name, std::string text);

}  // namespace faber::reconciler::hcl
