#pragma once

// The module evaluator's working state, shared by module_evaluator.cc (declarations, values, the
// emitted model) and module_expansion.cc (count/for_each, references to resources and modules).
// Over ~150 lines: it declares the whole of ModuleInstance, whose members both files define.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconciler/hcl/evaluator.h"
#include "reconciler/hcl/module_evaluator.h"
#include "reconciler/hcl/module_loader.h"

namespace faber::reconciler::hcl::internal {

enum class State { kNew, kBusy, kDone };

struct Instance {
  Value index;         // null, number, string, or unknown
  std::string suffix;  // "", "[0]", "[\"a\"]", "[*]"
  Value attributes;
};

struct ResourceDecl {
  const File* file = nullptr;
  const Block* block = nullptr;
  ResourceMode mode = ResourceMode::kManaged;
  State state = State::kNew;
  std::vector<Instance> instances;
  bool expanded = false;  // has count or for_each
};

class ModuleInstance;
struct ModuleCall;
// Where a called module's input values come from: the arguments of its module block, evaluated
// in the calling module on demand (so two modules may feed each other's outputs, as in Terraform).
struct Caller {
  ModuleInstance* parent = nullptr;
  const ModuleCall* call = nullptr;
  Value index;
  Value each_value;
};

struct ModuleCall {
  const File* file = nullptr;
  const Block* block = nullptr;
  std::string source_dir;  // "" when not a local source
  State state = State::kNew;
  bool expanded = false;
  bool unknown = false;
  std::vector<std::pair<Value, ModuleInstance*>> instances;
};

struct LocalDecl {
  const File* file = nullptr;
  const Expr* expr = nullptr;
  State state = State::kNew;
  Value value;
};

struct OutputDecl {
  const File* file = nullptr;
  const Block* block = nullptr;
  State state = State::kNew;
  Value value;
};

// The address suffix of an instance key: "" for none, "[0]", "[\"a\"]", "[*]" when unknown.
std::string IndexSuffix(const Value& index);
// The attribute `name` of `body`, or nullptr.
const Attribute* FindAttr(const Body& body, std::string_view name);

// Owns the loaded modules and module instances of one evaluation, and the model being built.
class Builder {
 public:
  explicit Builder(const EvalOptions& options) : options(options) {}

  // The parsed files of module directory `dir`, loaded once; nullptr when unreadable.
  const ModuleFiles* Load(const std::string& dir);
  // Adds a model warning at `r` in `file` (no location when `file` is null), once per place.
  void Warn(const std::string& message, const File* file, Range r);
  // The location of `r` in `file`.
  SourceLocation Where(const File* file, Range r) const;
  // A new instance of the module in `files`, its declarations already indexed.
  ModuleInstance* NewInstance(const ModuleFiles* files, std::string path, int depth, std::map<std::string, Value> inputs,
                              Caller caller, std::map<std::string, int> providers);

  // Records the first error of the whole evaluation (a limit passed), with its location.
  void Fail(const std::string& message, const File* file, Range r);

  const EvalOptions& options;
  ResourceModel model;
  ExpansionBudget budget;
  std::string failure;  // "file:line:col: message" of the first Fail, empty when none

 private:
  std::map<std::string, std::unique_ptr<ModuleFiles>> modules_;
  std::vector<std::unique_ptr<ModuleInstance>> instances_;
  std::set<std::string> warned_;
};

// One instance of a module (the root, or one count/for_each instance of a module call): resolves
// its references lazily, with cycle detection, and emits its part of the model.
class ModuleInstance : public Scope {
 public:
  ModuleInstance(Builder& b, const ModuleFiles* files, std::string path, int depth, std::map<std::string, Value> inputs,
                 Caller caller, std::map<std::string, int> providers)
      : b_(b), files_(files), path_(std::move(path)), depth_(depth), inputs_(std::move(inputs)),
        caller_(std::move(caller)), providers_(std::move(providers)) {}

  // Indexes the blocks of every file (files with syntax errors become warnings) and providers.
  void Declare();
  // Appends this instance's variables, resources, module calls (recursively) and outputs.
  void Emit();
  Value Resolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed, std::string_view text) override;
  // A reference to a resource instance that does not exist (try(aws_x.y[0].id, ...) with count 0)
  // is a miss without an exception; everything else resolves as Resolve does.
  std::optional<Value> TryResolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed,
                                  std::string_view text) override;
  void set_root_dir(std::string d) { root_dir_ = std::move(d); }

 private:
  FunctionContext Ctx() const { return FunctionContext{files_->dir, nullptr, &b_.budget}; }
  // Evaluates `e`; a failure becomes a warning and an unknown value.
  Value Safe(Evaluator& ev, const File* file, const Expr* e);
  Value Static(const File* file, const Expr* e);
  Value Var(const std::string& name);
  Value ComputeVar(const std::string& name, const File* file, const Block* blk);
  Value Local(const std::string& name);
  Value OutputValue(const std::string& name);
  Value AllOutputs();
  static bool IsMeta(std::string_view name, bool module_block);
  // Arguments and nested blocks of `body` as JSON; nested blocks become arrays of objects.
  Value EvalBody(const File* file, const Body& body, Evaluator& ev, bool top);
  void ExpandDynamic(const File* file, const Block& blk, Evaluator& ev, Value* out);
  void DeclareProvider(const File* file, const Block* blk);
  Resource MakeResource(const ResourceDecl& r, const Instance& inst);

  // In module_expansion.cc. The argument `name` of the module block that made `caller`, if set.
  std::optional<Value> CallerInput(const Caller& caller, const std::string& name);
  // The instance keys of a block with count or for_each (evaluated in this module).
  std::vector<std::pair<Value, Value>> Keys(const File* file, const Block& blk, bool* expanded);
  void Expand(ResourceDecl& r);
  // A reference to a resource: known only for arguments set in its configuration. With `probe`, a
  // missing instance is nullopt; without, it throws EvalError (as does an undeclared resource).
  std::optional<Value> ResourceRef(const std::string& key, std::span<const Traverser> steps, size_t* consumed,
                                   std::string_view text, bool probe);
  // A resource instance as a value: configured arguments, null ones unknown, plus kResourceKey.
  Value Marked(const std::string& key, const Instance& inst);
  void ExpandCall(const std::string& name, ModuleCall& call);
  Value ModuleRef(const std::string& name, std::span<const Traverser> steps, size_t* consumed, std::string_view text);

  Builder& b_;
  const ModuleFiles* files_;
  std::string path_;
  std::string root_dir_;
  int depth_;
  std::map<std::string, Value> inputs_;
  Caller caller_;
  std::map<std::string, std::pair<State, Value>> var_cache_;
  std::map<std::string, int> providers_;  // "aws" / "aws.west" -> index in model.providers
  std::map<std::string, std::pair<const File*, const Block*>> variables_;
  std::vector<std::string> variable_order_;
  std::map<std::string, LocalDecl> locals_;
  std::map<std::string, ResourceDecl> resources_;
  std::vector<std::string> resource_order_;
  std::map<std::string, ModuleCall> calls_;
  std::vector<std::string> call_order_;
  std::map<std::string, OutputDecl> outputs_;
  std::vector<std::string> output_order_;
};

}  // namespace faber::reconciler::hcl::internal
