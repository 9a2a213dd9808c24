#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconciler/hcl/ast.h"
#include "reconciler/hcl/functions.h"
#include "reconciler/hcl/value.h"

namespace faber::reconciler::hcl {

// Resolves the names an expression refers to (var, local, module, resources, path...).
class Scope {
 public:
  virtual ~Scope() = default;
  // The value of a reference rooted at `root` followed by `steps`; sets *consumed to how many
  // steps it used (the evaluator applies the rest). `text` is the reference's source text, for
  // unknown markers. Throws EvalError for a name that does not exist.
  virtual Value Resolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed,
                        std::string_view text) = 0;
  // The same, but nullopt instead of throwing where the reference names nothing (for try() and
  // can(), which probe references). Scopes whose misses are common override it.
  virtual std::optional<Value> TryResolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed,
                                          std::string_view text) {
    try {
      return Resolve(root, steps, consumed, text);
    } catch (const EvalError&) {
      return std::nullopt;
    }
  }
};

// Evaluates expressions of one file. Values follow resource_model.h's unknown convention:
// any operation on an unknown gives an unknown naming the expression; nothing is guessed.
class Evaluator {
 public:
  Evaluator(const File& file, Scope* scope, FunctionContext ctx);
  // The templatefile() renderer it installs refers to this evaluator.
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // The value of `e`; throws EvalError when it has none (callers catch it).
  Value Eval(const Expr* e);
  // Binds `name` (e.g. count, each, a for-expression or iterator symbol) until the matching Pop.
  void Push(std::string_view name, Value v) { symbols_.emplace_back(name, std::move(v)); }
  void Pop() { symbols_.pop_back(); }
  // The source text of `e`.
  std::string_view Text(const Expr* e) const { return file_.source.Slice(e->range); }
  // Applies one traversal step to `v` (attribute or index); unknown in, unknown out.
  static Value Step(const Value& v, const Traverser& t, std::string_view text);
  // The value one step selects inside `v` (no copy), or nullptr when there is none; unknowns are
  // the caller's to handle.
  static const Value* Find(const Value& v, const Traverser& t);

 private:
  Value Traversal(const Expr* e);
  // The value of reference `e`; with `probe`, nullopt where it names nothing instead of throwing.
  std::optional<Value> Reference(const Expr* e, bool probe);
  // Applies `steps` to `start`, copying only the result; with `probe`, nullopt on a miss.
  static std::optional<Value> Walk(const Value& start, std::span<const Traverser> steps, std::string_view text,
                                   bool probe);
  // The value of a try()/can() argument, or nullopt when it has none.
  std::optional<Value> Attempt(const Expr* e);
  Value Call(const Expr* e);
  Value Binary(const Expr* e);
  Value Template(const Expr* e);
  Value For(const Expr* e);
  Value Splat(const Expr* e);
  Value Unknown(const Expr* e) const;

  const File& file_;
  Scope* scope_;
  FunctionContext ctx_;
  std::vector<std::pair<std::string_view, Value>> symbols_;
  std::vector<const Value*> splat_items_;
  int depth_ = 0;
};

}  // namespace faber::reconciler::hcl
