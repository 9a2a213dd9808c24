// Module evaluation: declarations of each module instance are indexed first, then values are
// computed on demand (locals, resource arguments, module outputs) with cycle detection, so the
// order of blocks in files never matters, as in Terraform.

#include "reconciler/hcl/module_evaluator.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "reconciler/hcl/evaluator.h"
#include "reconciler/hcl/module_loader.h"
#include "reconciler/hcl/tfvars.h"
#include "reconciler/hcl/type_constraint.h"

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;

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

std::string IndexSuffix(const Value& index) {
  if (index.is_null()) return "";
  if (IsUnknown(index)) return "[*]";
  if (index.is_string()) return "[" + index.dump() + "]";
  return "[" + AsString(index) + "]";
}

const Attribute* FindAttr(const Body& body, std::string_view name) {
  for (const Attribute& a : body.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

class Builder {
 public:
  Builder(const EvalOptions& options) : options(options) {}

  const ModuleFiles* Load(const std::string& dir) {
    auto it = modules_.find(dir);
    if (it != modules_.end()) return it->second.get();
    auto loaded = LoadModule(dir);
    std::unique_ptr<ModuleFiles> files = loaded.ok() ? std::make_unique<ModuleFiles>(std::move(*loaded)) : nullptr;
    return (modules_[dir] = std::move(files)).get();
  }

  void Warn(const std::string& message, const File* file, Range r) {
    SourceLocation loc;
    if (file) {
      Pos p = file->source.PosAt(r.start);
      loc = SourceLocation{file->source.name(), static_cast<int>(p.line), static_cast<int>(p.column)};
    }
    std::string key = message + "@" + loc.file + ":" + std::to_string(loc.line);
    if (warned_.insert(key).second) model.warnings.push_back(ModelWarning{message, loc});
  }

  SourceLocation Where(const File* file, Range r) const {
    Pos p = file->source.PosAt(r.start);
    return SourceLocation{file->source.name(), static_cast<int>(p.line), static_cast<int>(p.column)};
  }

  ModuleInstance* NewInstance(const ModuleFiles* files, std::string path, int depth, std::map<std::string, Value> inputs,
                              Caller caller, std::map<std::string, int> providers);

  const EvalOptions& options;
  ResourceModel model;

 private:
  std::map<std::string, std::unique_ptr<ModuleFiles>> modules_;
  std::vector<std::unique_ptr<ModuleInstance>> instances_;
  std::set<std::string> warned_;
};

class ModuleInstance : public Scope {
 public:
  ModuleInstance(Builder& b, const ModuleFiles* files, std::string path, int depth, std::map<std::string, Value> inputs,
                 Caller caller, std::map<std::string, int> providers)
      : b_(b), files_(files), path_(std::move(path)), depth_(depth), inputs_(std::move(inputs)),
        caller_(std::move(caller)), providers_(std::move(providers)) {}

  void Declare() {
    for (const auto& f : files_->files) {
      if (f->HasErrors()) {
        b_.Warn("syntax errors: " + FormatDiagnostic(f->diags[0]), f.get(), Range{});
        continue;
      }
      for (const Block* blk : f->body->blocks) {
        std::string_view type = blk->type;
        if ((type == "resource" || type == "data") && blk->labels.size() == 2) {
          std::string key = (type == "data" ? "data." : "") + std::string(blk->labels[0]) + "." + std::string(blk->labels[1]);
          resource_order_.push_back(key);
          ResourceDecl& decl = resources_[key];
          decl.file = f.get();
          decl.block = blk;
          decl.mode = type == "data" ? ResourceMode::kData : ResourceMode::kManaged;
        } else if (type == "variable" && blk->labels.size() == 1) {
          variables_[std::string(blk->labels[0])] = std::make_pair(f.get(), blk);
          variable_order_.push_back(std::string(blk->labels[0]));
        } else if (type == "locals") {
          for (const Attribute& a : blk->body->attributes) {
            LocalDecl& l = locals_[std::string(a.name)];
            l.file = f.get();
            l.expr = a.expr;
          }
        } else if (type == "output" && blk->labels.size() == 1) {
          OutputDecl& o = outputs_[std::string(blk->labels[0])];
          o.file = f.get();
          o.block = blk;
          output_order_.push_back(std::string(blk->labels[0]));
        } else if (type == "module" && blk->labels.size() == 1) {
          ModuleCall& c = calls_[std::string(blk->labels[0])];
          c.file = f.get();
          c.block = blk;
          c.source_dir = LocalModuleSource(*blk, files_->dir);
          call_order_.push_back(std::string(blk->labels[0]));
        }
      }
    }
    for (const auto& f : files_->files) {
      if (f->HasErrors()) continue;
      for (const Block* blk : f->body->blocks) {
        if (blk->type == "provider" && blk->labels.size() == 1) DeclareProvider(f.get(), blk);
      }
    }
  }

  void Emit() {
    for (const auto& name : variable_order_) {
      auto [file, blk] = variables_[name];
      Variable v;
      v.name = name;
      v.module_path = path_;
      v.value = StripResourceMarkers(Var(name));
      const Attribute* t = FindAttr(*blk->body, "type");
      if (t) v.type = std::string(file->source.Slice(t->expr->range));
      const Attribute* d = FindAttr(*blk->body, "description");
      if (d) v.description = Static(file, d->expr).is_string() ? Static(file, d->expr).get<std::string>() : "";
      const Attribute* s = FindAttr(*blk->body, "sensitive");
      v.sensitive = s && Static(file, s->expr) == true;
      v.source = b_.Where(file, blk->type_range);
      b_.model.variables.push_back(std::move(v));
    }
    for (const auto& key : resource_order_) {
      ResourceDecl& r = resources_[key];
      Expand(r);
      for (const Instance& inst : r.instances) b_.model.resources.push_back(MakeResource(r, inst));
    }
    for (const auto& name : call_order_) {
      ModuleCall& call = calls_[name];
      ExpandCall(name, call);
      for (auto& [index, child] : call.instances) child->Emit();
    }
    for (const auto& name : output_order_) {
      OutputDecl& o = outputs_[name];
      Output out;
      out.name = name;
      out.module_path = path_;
      out.value = StripResourceMarkers(OutputValue(name));
      const Attribute* s = FindAttr(*o.block->body, "sensitive");
      out.sensitive = s && Static(o.file, s->expr) == true;
      out.source = b_.Where(o.file, o.block->type_range);
      b_.model.outputs.push_back(std::move(out));
    }
  }

  Value Resolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed, std::string_view text) override {
    auto attr = [&](size_t i) -> std::string {
      if (i >= steps.size() || !steps[i].is_attr) throw EvalError{"invalid reference " + std::string(text)};
      return std::string(steps[i].name);
    };
    *consumed = 1;
    if (root == "var") return Var(attr(0));
    if (root == "local") return Local(attr(0));
    if (root == "path") {
      std::string what = attr(0);
      if (what == "module") return files_->dir;
      if (what == "root") return root_dir_;
      if (what == "cwd") return fs::current_path().string();
      throw EvalError{"unknown path attribute " + what};
    }
    if (root == "terraform") return attr(0) == "workspace" ? Value("default") : MakeUnknown(std::string(text));
    if (root == "data" || root == "self") {
      *consumed = steps.size();
      return MakeUnknown(std::string(text));
    }
    if (root == "module") return ModuleRef(attr(0), steps, consumed, text);
    if (root == "count" || root == "each") throw EvalError{std::string(root) + " is not available here"};
    return ResourceRef(std::string(root) + "." + attr(0), steps, consumed, text);
  }

  void set_root_dir(std::string d) { root_dir_ = std::move(d); }

 private:
  FunctionContext Ctx() const { return FunctionContext{files_->dir, nullptr}; }

  // Evaluates `e`; a failure becomes a warning and an unknown value.
  Value Safe(Evaluator& ev, const File* file, const Expr* e) {
    try {
      return ev.Eval(e);
    } catch (const EvalError& err) {
      b_.Warn(err.message, file, e->range);
    } catch (const nlohmann::json::exception& err) {
      b_.Warn(err.what(), file, e->range);
    }
    return MakeUnknown(std::string(file->source.Slice(e->range)));
  }

  Value Static(const File* file, const Expr* e) {
    Evaluator ev(*file, this, Ctx());
    return Safe(ev, file, e);
  }

  // The argument `name` of the module block that created `caller`'s instance, if set.
  std::optional<Value> CallerInput(const Caller& caller, const std::string& name) {
    const Attribute* a = FindAttr(*caller.call->block->body, name);
    if (!a || IsMeta(a->name, true)) return std::nullopt;
    Evaluator ev(*caller.call->file, this, Ctx());
    if (caller.call->expanded) BindInstance(ev, *caller.call->block, caller.index, caller.each_value);
    return Safe(ev, caller.call->file, a->expr);
  }

  Value Var(const std::string& name) {
    auto cached = var_cache_.find(name);
    if (cached != var_cache_.end()) {
      if (cached->second.first == State::kBusy) throw EvalError{"var." + name + " refers to itself"};
      return cached->second.second;
    }
    auto it = variables_.find(name);
    if (it == variables_.end()) throw EvalError{"reference to undeclared input variable \"" + name + "\""};
    var_cache_[name].first = State::kBusy;
    Value v = ComputeVar(name, it->second.first, it->second.second);
    var_cache_[name] = {State::kDone, v};
    return v;
  }

  Value ComputeVar(const std::string& name, const File* file, const Block* blk) {
    Value v;
    std::optional<Value> in;
    if (caller_.parent) {
      in = caller_.parent->CallerInput(caller_, name);
    } else if (auto found = inputs_.find(name); found != inputs_.end()) {
      in = found->second;
    }
    const Attribute* nullable = FindAttr(*blk->body, "nullable");
    bool non_nullable = nullable && Static(file, nullable->expr) == false;
    if (in && !(in->is_null() && non_nullable)) {
      v = *in;
    } else if (const Attribute* d = FindAttr(*blk->body, "default")) {
      Evaluator ev(*file, nullptr, Ctx());
      v = Safe(ev, file, d->expr);
    } else {
      b_.Warn("no value for required variable \"" + name + "\"", file, blk->type_range);
      return MakeUnknown("var." + name);
    }
    if (const Attribute* t = FindAttr(*blk->body, "type")) {
      try {
        v = ConvertToType(v, t->expr, *file);
      } catch (const EvalError& err) {
        b_.Warn("variable \"" + name + "\": " + err.message, file, t->expr->range);
      }
    }
    return v;
  }

  Value Local(const std::string& name) {
    auto it = locals_.find(name);
    if (it == locals_.end()) throw EvalError{"reference to undeclared local value \"" + name + "\""};
    LocalDecl& l = it->second;
    if (l.state == State::kDone) return l.value;
    if (l.state == State::kBusy) throw EvalError{"local." + name + " refers to itself"};
    l.state = State::kBusy;
    Evaluator ev(*l.file, this, Ctx());
    l.value = Safe(ev, l.file, l.expr);
    l.state = State::kDone;
    return l.value;
  }

  Value OutputValue(const std::string& name) {
    auto it = outputs_.find(name);
    if (it == outputs_.end()) throw EvalError{"unsupported attribute: module has no output \"" + name + "\""};
    OutputDecl& o = it->second;
    if (o.state == State::kDone) return o.value;
    if (o.state == State::kBusy) throw EvalError{"output " + name + " refers to itself"};
    o.state = State::kBusy;
    const Attribute* v = FindAttr(*o.block->body, "value");
    o.value = v ? Static(o.file, v->expr) : Value(nullptr);
    o.state = State::kDone;
    return o.value;
  }

  Value AllOutputs() {
    Value out = Value::object();
    for (const auto& name : output_order_) out[name] = OutputValue(name);
    return out;
  }

  static bool IsMeta(std::string_view name, bool module_block) {
    static const std::set<std::string_view> kResource = {"count", "for_each", "provider", "depends_on"};
    static const std::set<std::string_view> kModule = {"count", "for_each", "providers", "depends_on", "source", "version"};
    return module_block ? kModule.count(name) > 0 : kResource.count(name) > 0;
  }

  // Arguments and nested blocks of `body` as JSON; nested blocks become arrays of objects.
  Value EvalBody(const File* file, const Body& body, Evaluator& ev, bool top) {
    Value out = Value::object();
    for (const Attribute& a : body.attributes) {
      if (top && IsMeta(a.name, false)) continue;
      out[std::string(a.name)] = Safe(ev, file, a.expr);
    }
    for (const Block* blk : body.blocks) {
      std::string_view type = blk->type;
      if (top && type == "lifecycle") {
        // Only the literal switches: ignore_changes and conditions are not values of the resource.
        Value life = Value::object();
        for (const Attribute& a : blk->body->attributes) {
          std::string_view text = file->source.Slice(a.expr->range);
          if ((a.name == "create_before_destroy" || a.name == "prevent_destroy") && (text == "true" || text == "false")) {
            life[std::string(a.name)] = text == "true";
          }
        }
        out["lifecycle"].push_back(life);
        continue;
      }
      if (top && (type == "provisioner" || type == "connection")) continue;
      if (type == "dynamic" && blk->labels.size() == 1) {
        ExpandDynamic(file, *blk, ev, &out);
        continue;
      }
      Value& arr = out[std::string(type)];
      if (IsUnknown(arr)) continue;
      arr.push_back(EvalBody(file, *blk->body, ev, false));
    }
    return out;
  }

  void ExpandDynamic(const File* file, const Block& blk, Evaluator& ev, Value* out) {
    std::string label(blk.labels[0]);
    Value& arr = (*out)[label];
    if (!arr.is_array()) arr = Value::array();
    const Attribute* fe = FindAttr(*blk.body, "for_each");
    const Block* content = nullptr;
    for (const Block* c : blk.body->blocks) {
      if (c->type == "content") content = c;
    }
    if (!fe || !content) {
      b_.Warn("dynamic block \"" + label + "\" needs for_each and content", file, blk.type_range);
      return;
    }
    Value coll = Safe(ev, file, fe->expr);
    if (IsUnknown(coll) || (!coll.is_array() && !coll.is_object() && !coll.is_null())) {
      arr = MakeUnknown(std::string(file->source.Slice(fe->expr->range)));
      return;
    }
    std::string_view iterator = blk.labels[0];  // arena-owned, outlives the binding
    if (const Attribute* it = FindAttr(*blk.body, "iterator")) iterator = file->source.Slice(it->expr->range);
    auto one = [&](Value key, const Value& value) {
      ev.Push(iterator, Value{{"key", std::move(key)}, {"value", value}});
      arr.push_back(EvalBody(file, *content->body, ev, false));
      ev.Pop();
    };
    if (coll.is_array()) {
      for (size_t i = 0; i < coll.size(); ++i) one(Value(static_cast<int64_t>(i)), coll[i]);
    } else if (coll.is_object()) {
      for (const auto& [k, v] : coll.items()) one(Value(k), v);
    }
  }

  // The instance keys of a block with count or for_each (evaluated in this module).
  std::vector<std::pair<Value, Value>> Keys(const File* file, const Block& blk, bool* expanded) {
    std::vector<std::pair<Value, Value>> keys;  // index, each.value (or null)
    const Attribute* count = FindAttr(*blk.body, "count");
    const Attribute* for_each = FindAttr(*blk.body, "for_each");
    *expanded = count || for_each;
    if (!*expanded) {
      keys.emplace_back(nullptr, nullptr);
      return keys;
    }
    Value v = Static(file, count ? count->expr : for_each->expr);
    std::string text(file->source.Slice((count ? count : for_each)->expr->range));
    if (ContainsUnknown(v) && (IsUnknown(v) || count || v.is_array())) {
      keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
      return keys;
    }
    if (count) {
      double n = 0;
      try {
        n = AsNumber(v);
      } catch (const EvalError& err) {
        b_.Warn("count: " + err.message, file, count->expr->range);
        keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
        return keys;
      }
      for (int64_t i = 0; i < static_cast<int64_t>(n); ++i) keys.emplace_back(Value(i), nullptr);
      return keys;
    }
    if (v.is_object()) {
      for (const auto& [k, val] : v.items()) keys.emplace_back(Value(k), val);
    } else if (v.is_array()) {
      for (const auto& item : v) {
        if (!item.is_string()) {
          b_.Warn("for_each over a set needs strings", file, for_each->expr->range);
          continue;
        }
        if (std::none_of(keys.begin(), keys.end(), [&](const auto& k) { return k.first == item; })) {
          keys.emplace_back(item, item);
        }
      }
    } else {
      b_.Warn("for_each needs a map or a set of strings, got " + TypeName(v), file, for_each->expr->range);
      keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
    }
    return keys;
  }

  // Binds count.index or each.key/each.value for one instance.
  static void BindInstance(Evaluator& ev, const Block& blk, const Value& index, const Value& each_value) {
    if (FindAttr(*blk.body, "count")) {
      ev.Push("count", Value{{"index", index}});
    } else {
      ev.Push("each", Value{{"key", index}, {"value", each_value}});
    }
  }

  void Expand(ResourceDecl& r) {
    if (r.state == State::kDone) return;
    if (r.state == State::kBusy) throw EvalError{"resource refers to itself"};
    r.state = State::kBusy;
    for (auto& [index, each_value] : Keys(r.file, *r.block, &r.expanded)) {
      Evaluator ev(*r.file, this, Ctx());
      if (r.expanded) BindInstance(ev, *r.block, index, each_value);
      Instance inst{index, IndexSuffix(index), EvalBody(r.file, *r.block->body, ev, true)};
      r.instances.push_back(std::move(inst));
    }
    r.state = State::kDone;
  }

  // A reference to a resource: known only for arguments set in its configuration.
  Value ResourceRef(const std::string& key, std::span<const Traverser> steps, size_t* consumed, std::string_view text) {
    auto it = resources_.find(key);
    if (it == resources_.end()) throw EvalError{"reference to undeclared resource " + key};
    ResourceDecl& r = it->second;
    *consumed = steps.size();
    Expand(r);
    size_t i = 1;
    const Instance* inst = nullptr;
    if (!r.expanded) {
      inst = &r.instances.at(0);
    } else if (i < steps.size() && !steps[i].is_attr) {
      Value k = steps[i].key->lit == LitKind::kNumber ? Num(steps[i].key->number) : Value(std::string(steps[i].key->str));
      for (const Instance& cand : r.instances) {
        if (cand.index == k) inst = &cand;
      }
      if (!inst) {
        // With a known expansion this is an invalid index (try() may catch it); with an unknown
        // one the instance may well exist after apply.
        bool unknown = r.instances.size() == 1 && IsUnknown(r.instances[0].index);
        if (!unknown) throw EvalError{"no instance " + IndexSuffix(k) + " of " + key};
        return MakeUnknown(std::string(text));
      }
      ++i;
    }
    if (!inst && r.expanded && i >= steps.size()) {  // the whole collection of instances
      if (r.instances.size() == 1 && IsUnknown(r.instances[0].index)) return MakeUnknown(std::string(text));
      bool by_key = !FindAttr(*r.block->body, "count");
      Value all = by_key ? Value::object() : Value::array();
      for (const Instance& cand : r.instances) {
        if (by_key) all[AsString(cand.index)] = Marked(key, cand);
        else all.push_back(Marked(key, cand));
      }
      *consumed = i;
      return all;
    }
    if (inst && i >= steps.size()) {
      *consumed = i;
      return Marked(key, *inst);
    }
    if (!inst || !steps[i].is_attr) return MakeUnknown(std::string(text));
    // Walk the configured arguments (and nested blocks); anything not configured is computed by
    // the provider, so it is unknown.
    Value v = inst->attributes;
    for (; i < steps.size(); ++i) {
      try {
        v = Evaluator::Step(v, steps[i], text);
      } catch (const EvalError&) {
        return MakeUnknown(std::string(text));
      }
      // An argument left null may be filled in by the provider (optional and computed).
      if (v.is_null()) return MakeUnknown(std::string(text));
    }
    return v;
  }

  // A resource instance as a value: its configured arguments, with null ones unknown (the
  // provider may fill them in) and the marker that makes other attributes read as unknown.
  Value Marked(const std::string& key, const Instance& inst) {
    std::string address = (path_.empty() ? "" : path_ + ".") + key + inst.suffix;
    Value v = inst.attributes;
    for (auto& [k, item] : v.items()) {
      if (item.is_null()) item = MakeUnknown(address + "." + k);
    }
    v[kResourceKey] = address;
    return v;
  }

  void ExpandCall(const std::string& name, ModuleCall& call) {
    if (call.state == State::kDone) return;
    if (call.state == State::kBusy) throw EvalError{"module." + name + " refers to itself"};
    call.state = State::kBusy;
    const ModuleFiles* files = call.source_dir.empty() ? nullptr : b_.Load(call.source_dir);
    if (!files || depth_ >= b_.options.max_module_depth) {
      b_.Warn(call.source_dir.empty() ? "module." + name + " has a remote source; its resources are not evaluated"
                                      : "module." + name + ": cannot read " + call.source_dir,
              call.file, call.block->type_range);
      call.unknown = true;
      call.state = State::kDone;
      return;
    }
    std::map<std::string, int> providers;
    for (const auto& [k, v] : providers_) {
      if (k.find('.') == std::string::npos) providers[k] = v;  // default configurations are inherited
    }
    if (const Attribute* p = FindAttr(*call.block->body, "providers"); p && p->expr->kind == ExprKind::kObject) {
      for (size_t i = 0; i + 1 < p->expr->items.size(); i += 2) {
        std::string child(call.file->source.Slice(p->expr->items[i]->range));
        std::string parent(call.file->source.Slice(p->expr->items[i + 1]->range));
        auto found = providers_.find(parent);
        if (found != providers_.end()) providers[child] = found->second;
      }
    }
    for (auto& [index, each_value] : Keys(call.file, *call.block, &call.expanded)) {
      if (IsUnknown(index)) {
        call.unknown = true;
        b_.Warn("module." + name + ": count/for_each is not known before apply", call.file, call.block->type_range);
        break;
      }
      std::string path = (path_.empty() ? "" : path_ + ".") + "module." + name + IndexSuffix(index);
      ModuleInstance* child = b_.NewInstance(files, path, depth_ + 1, {}, Caller{this, &call, index, each_value}, providers);
      child->set_root_dir(root_dir_);
      call.instances.emplace_back(index, child);
    }
    call.state = State::kDone;
  }

  Value ModuleRef(const std::string& name, std::span<const Traverser> steps, size_t* consumed, std::string_view text) {
    auto it = calls_.find(name);
    if (it == calls_.end()) throw EvalError{"reference to undeclared module " + name};
    ModuleCall& call = it->second;
    ExpandCall(name, call);
    if (call.unknown) {
      *consumed = steps.size();
      return MakeUnknown(std::string(text));
    }
    size_t i = 1;
    ModuleInstance* inst = nullptr;
    if (!call.expanded) {
      inst = call.instances.at(0).second;
    } else if (i < steps.size() && !steps[i].is_attr) {
      Value k = steps[i].key->lit == LitKind::kNumber ? Num(steps[i].key->number) : Value(std::string(steps[i].key->str));
      for (auto& [index, child] : call.instances) {
        if (index == k) inst = child;
      }
      if (!inst) throw EvalError{"no instance " + IndexSuffix(k) + " of module." + name};
      ++i;
    }
    if (!inst) {  // the whole collection of instances
      *consumed = 1;
      bool by_key = !call.instances.empty() && call.instances[0].first.is_string();
      Value out = by_key ? Value::object() : Value::array();
      for (auto& [index, child] : call.instances) {
        if (by_key) out[index.get<std::string>()] = child->AllOutputs();
        else out.push_back(child->AllOutputs());
      }
      return out;
    }
    if (i < steps.size() && steps[i].is_attr) {
      *consumed = i + 1;
      return inst->OutputValue(std::string(steps[i].name));
    }
    *consumed = i;
    return inst->AllOutputs();
  }

  void DeclareProvider(const File* file, const Block* blk) {
    ProviderConfig p;
    p.name = std::string(blk->labels[0]);
    p.module_path = path_;
    p.source = b_.Where(file, blk->type_range);
    Evaluator ev(*file, this, Ctx());
    p.attributes = EvalBody(file, *blk->body, ev, false);
    if (p.attributes.contains("alias") && p.attributes["alias"].is_string()) {
      p.alias = p.attributes["alias"].get<std::string>();
    }
    p.default_tags = nullptr;
    if (p.attributes.contains("default_tags") && p.attributes["default_tags"].is_array()) {
      for (const auto& dt : p.attributes["default_tags"]) {
        if (dt.is_object() && dt.contains("tags")) p.default_tags = dt["tags"];
      }
    }
    providers_[p.alias.empty() ? p.name : p.name + "." + p.alias] = static_cast<int>(b_.model.providers.size());
    b_.model.providers.push_back(std::move(p));
  }

  // The source text of every reference to another resource in `e` ("aws_s3_bucket.logs.id"), so
  // links between resources survive even when the referenced attribute's value is known.
  static void CollectReferences(const File* file, const Expr* e, std::vector<std::string>* out) {
    if (e == nullptr) return;
    if (e->kind == ExprKind::kScopeTraversal) {
      static const std::set<std::string_view> kNotResources = {"var", "local", "module", "data", "path", "count",
                                                               "each", "self", "terraform"};
      if (!kNotResources.count(e->name) && !e->traversal.empty()) out->emplace_back(file->source.Slice(e->range));
      return;
    }
    for (const Expr* child : {e->a, e->b, e->c, e->d}) CollectReferences(file, child, out);
    for (const Expr* item : e->items) CollectReferences(file, item, out);
  }

  Resource MakeResource(const ResourceDecl& r, const Instance& inst) {
    Resource out;
    out.mode = r.mode;
    out.type = std::string(r.block->labels[0]);
    out.name = std::string(r.block->labels[1]);
    out.module_path = path_;
    out.index = inst.index;
    out.address = (path_.empty() ? "" : path_ + ".") + (r.mode == ResourceMode::kData ? "data." : "") + out.type + "." +
                  out.name + inst.suffix;
    out.attributes = StripResourceMarkers(inst.attributes);
    out.source = b_.Where(r.file, r.block->type_range);
    for (const Attribute& a : r.block->body->attributes) {
      std::vector<std::string> refs;
      CollectReferences(r.file, a.expr, &refs);
      if (!refs.empty()) out.references[std::string(a.name)] = std::move(refs);
    }
    for (const Block* blk : r.block->body->blocks) {
      // Terraform accepts only a literal here, so the text is the value.
      const Attribute* pd = blk->type == "lifecycle" ? FindAttr(*blk->body, "prevent_destroy") : nullptr;
      if (pd != nullptr) out.prevent_destroy = r.file->source.Slice(pd->expr->range) == "true";
    }
    if (const Attribute* p = FindAttr(*r.block->body, "provider")) {
      out.provider = std::string(r.file->source.Slice(p->expr->range));
    } else {
      out.provider = out.type.substr(0, out.type.find('_'));
    }
    auto it = providers_.find(out.provider);
    out.default_tags = it == providers_.end() ? Value(nullptr) : b_.model.providers[static_cast<size_t>(it->second)].default_tags;
    return out;
  }

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

ModuleInstance* Builder::NewInstance(const ModuleFiles* files, std::string path, int depth,
                                     std::map<std::string, Value> inputs, Caller caller,
                                     std::map<std::string, int> providers) {
  instances_.push_back(std::make_unique<ModuleInstance>(*this, files, std::move(path), depth, std::move(inputs),
                                                        std::move(caller), std::move(providers)));
  instances_.back()->Declare();
  return instances_.back().get();
}

}  // namespace

common::Result<ResourceModel> BuildResourceModel(const std::string& dir, const EvalOptions& options) {
  Builder builder(options);
  const ModuleFiles* root = builder.Load(dir);
  if (!root) return common::NotFound(dir + " is not a readable module directory");
  std::string errors;
  std::vector<std::string> string_vars;
  for (const auto& f : root->files) {
    for (const auto& d : f->diags) errors += FormatDiagnostic(d) + "\n";
    if (f->HasErrors()) continue;
    for (const Block* b : f->body->blocks) {
      if (b->type != "variable" || b->labels.size() != 1) continue;
      const Attribute* t = FindAttr(*b->body, "type");
      if (!t || f->source.Slice(t->expr->range) == "string") string_vars.push_back(std::string(b->labels[0]));
    }
  }
  if (!errors.empty()) return common::InvalidInput(errors);
  auto values = LoadRootVariableValues(dir, options, string_vars);
  if (!values.ok()) return values.status();
  ModuleInstance* inst = builder.NewInstance(root, "", 0, std::move(*values), Caller{}, {});
  inst->set_root_dir(dir);
  inst->Emit();
  return std::move(builder.model);
}

}  // namespace faber::reconciler::hcl
