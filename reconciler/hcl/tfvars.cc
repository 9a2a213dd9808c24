#include "reconciler/hcl/tfvars.h"

#include <algorithm>
#include <filesystem>

#include "reconciler/hcl/evaluator.h"
#include "reconciler/hcl/module_loader.h"
#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Assignments of one tfvars file; literals, collections and functions only (no references).
common::Status LoadFile(const std::string& path, std::map<std::string, Value>* out) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  if (EndsWith(path, ".json")) {
    Value doc = Value::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return common::InvalidInput(path + ": not a JSON object");
    for (const auto& [k, v] : doc.items()) (*out)[k] = v;
    return common::Status::Ok();
  }
  auto file = ParseConfig(path, std::move(*text));
  if (file->HasErrors()) return common::InvalidInput(FormatDiagnostic(file->diags[0]));
  Evaluator ev(*file, nullptr, FunctionContext{fs::path(path).parent_path().string(), nullptr});
  for (const Attribute& a : file->body->attributes) {
    try {
      (*out)[std::string(a.name)] = ev.Eval(a.expr);
    } catch (const EvalError& e) {
      return common::InvalidInput(path + ": " + std::string(a.name) + ": " + e.message);
    }
  }
  if (!file->body->blocks.empty()) return common::InvalidInput(path + ": blocks are not allowed in a variables file");
  return common::Status::Ok();
}

}  // namespace

common::Result<std::map<std::string, Value>> LoadRootVariableValues(const std::string& dir, const EvalOptions& options,
                                                                     const std::vector<std::string>& string_vars) {
  std::map<std::string, Value> values;
  if (options.auto_var_files) {
    std::vector<std::string> files;
    for (const char* name : {"terraform.tfvars", "terraform.tfvars.json"}) {
      if (fs::is_regular_file(fs::path(dir) / name)) files.push_back((fs::path(dir) / name).string());
    }
    std::vector<std::string> autos;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string n = entry.path().filename().string();
      if (EndsWith(n, ".auto.tfvars") || EndsWith(n, ".auto.tfvars.json")) autos.push_back(entry.path().string());
    }
    std::sort(autos.begin(), autos.end());
    files.insert(files.end(), autos.begin(), autos.end());
    for (const auto& f : files) FABER_RETURN_IF_ERROR(LoadFile(f, &values));
  }
  for (const auto& f : options.var_files) FABER_RETURN_IF_ERROR(LoadFile(f, &values));
  for (const auto& [name, raw] : options.vars) {
    if (std::find(string_vars.begin(), string_vars.end(), name) != string_vars.end()) {
      values[name] = raw;
      continue;
    }
    auto file = ParseConfig("-var " + name, "v = " + raw + "\n");
    if (file->HasErrors() || file->body->attributes.size() != 1) {
      return common::InvalidInput("-var " + name + ": invalid value: " + raw);
    }
    Evaluator ev(*file, nullptr, FunctionContext{dir, nullptr});
    try {
      values[name] = ev.Eval(file->body->attributes[0].expr);
    } catch (const EvalError& e) {
      return common::InvalidInput("-var " + name + ": " + e.message);
    }
  }
  return values;
}

}  // namespace faber::reconciler::hcl
