#pragma once

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <span>
#include <string_view>
#include <vector>

#include "reconciler/hcl/source.h"

namespace faber::reconciler::hcl {

// Expression node kinds, one per construct of the hclsyntax spec.
enum class ExprKind : uint8_t {
  kLiteral,            // null, bool, number or a string with no template sequences
  kTemplate,           // "..." or heredoc: parts (literals and expressions)
  kTemplateWrap,       // "${expr}" alone: `a` is the wrapped expression
  kScopeTraversal,     // name.attr[0]...: `name` is the root, `traversal` the steps
  kRelativeTraversal,  // expr.attr[0]: `a` is the source
  kFunctionCall,       // name(items...), `flag` = final argument expanded with "..."
  kConditional,        // a ? b : c
  kBinary,             // a op b
  kUnary,              // op a
  kTuple,              // [items...]
  kObject,             // {items[2i] = items[2i+1]}; keys are kObjectKey
  kObjectKey,          // an object key: `a` is the key expression, `flag` = parenthesised
  kIndex,              // a[b] with a non-literal key
  kSplat,              // a[*]... or a.*...: `b` is the per-item expression over `c` (kAnonSymbol)
  kAnonSymbol,         // the item of a splat
  kFor,                // [for key_var, val_var in a : b => c ... if d]; b is the key; `boolean`
                       // = builds an object, `flag` = grouping (...)
  kTemplateJoin,       // %{for} directive: `a` is the kFor whose value is the template body
  kParens,             // (a)
};

enum class LitKind : uint8_t { kNull, kBool, kNumber, kString };

enum class Op : uint8_t {
  kNone, kOr, kAnd, kEq, kNotEq, kGreater, kGreaterEq, kLess, kLessEq, kAdd, kSub, kMul, kDiv, kMod,
  kNegate, kNot,
};

struct Expr;

// One step of a traversal: ".name" or "[literal key]".
struct Traverser {
  bool is_attr;
  std::string_view name;  // is_attr
  Expr* key;              // !is_attr: a kLiteral
  Range range;
};

struct Expr {
  ExprKind kind;
  LitKind lit = LitKind::kNull;
  Op op = Op::kNone;
  bool flag = false;  // see ExprKind
  bool boolean = false;
  Range range;
  double number = 0;
  std::string_view str;  // string literal value (decoded), or a number's source text
  std::string_view name, key_var, val_var;
  Expr* a = nullptr;
  Expr* b = nullptr;
  Expr* c = nullptr;
  Expr* d = nullptr;
  std::span<Expr*> items;
  std::span<Traverser> traversal;
};

struct Body;

struct Attribute {
  std::string_view name;
  Expr* expr;
  Range range;       // name through the end of the expression
  Range name_range;
};

struct Block {
  std::string_view type;
  std::span<std::string_view> labels;
  std::span<Range> label_ranges;
  Body* body;
  Range type_range;
  Range range;  // type through the closing brace
};

struct Body {
  std::span<Attribute> attributes;  // in source order
  std::span<Block*> blocks;         // in source order
  Range range;
};

// A parsed file: its source, its tree (allocated in the file's arena) and its diagnostics.
struct File {
  explicit File(SourceFile src) : source(std::move(src)) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  SourceFile source;
  std::pmr::monotonic_buffer_resource arena{1 << 16};
  Body* body = nullptr;  // never null after parsing, possibly partial when diags has errors
  std::vector<Diagnostic> diags;
  bool json_syntax = false;  // parsed from .tf.json

  bool HasErrors() const;
  // Copies `v` into the arena and returns a span over the copy.
  template <typename T>
  std::span<T> Store(const std::vector<T>& v) {
    if (v.empty()) return {};
    T* p = static_cast<T*>(arena.allocate(sizeof(T) * v.size(), alignof(T)));
    for (size_t i = 0; i < v.size(); ++i) new (p + i) T(v[i]);
    return std::span<T>(p, v.size());
  }
  // A growable list whose buffer is in the arena, so that the finished list becomes a node's span
  // without a copy and without touching the heap (see Adopt).
  template <typename T>
  std::pmr::vector<T> List() {
    return std::pmr::vector<T>(&arena);
  }
  // A span over a list made by List(); valid as long as the file (the arena never frees).
  template <typename T>
  static std::span<T> Adopt(std::pmr::vector<T>& v) {
    return std::span<T>(v.data(), v.size());
  }
  // Copies `s` into the arena.
  std::string_view StoreString(std::string_view s);
  // Allocates a node of type T in the arena.
  template <typename T>
  T* New() {
    return new (arena.allocate(sizeof(T), alignof(T))) T();
  }
};

}  // namespace faber::reconciler::hcl
