#pragma once

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
};

// Evaluates expressions of one file. Values follow resource_model.h's unknown convention:
// any operation on an unknown gives an unknown naming the expression; nothing is guessed.
class Evaluator {
 public:
  Evaluator(const File& file, Scope* scope, FunctionContext ctx);

  // The value of `e`; throws EvalError when it has none (callers catch it).
  Value Eval(const Expr* e);
  // Binds `name` (e.g. count, each, a for-expression or iterator symbol) until the matching Pop.
  void Push(std::string_view name, Value v) { symbols_.emplace_back(name, std::move(v)); }
  void Pop() { symbols_.pop_back(); }
  // The source text of `e`.
  std::string_view Text(const Expr* e) const { return file_.source.Slice(e->range); }
  // Applies one traversal step to `v` (attribute or index); unknown in, unknown out.
  static Value Step(const Value& v, const Traverser& t, std::string_view text);

 private:
  Value Traversal(const Expr* e);
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
