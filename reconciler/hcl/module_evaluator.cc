// Module evaluation: declarations of each module instance are indexed first, then values are
// computed on demand (locals, resource arguments, module outputs) with cycle detection, so the
// order of blocks in files never matters, as in Terraform. Expanding count/for_each and resolving
// references to resources and module calls is in module_expansion.cc.

#include "reconciler/hcl/module_evaluator.h"

#include <filesystem>
#include <optional>
#include <set>

#include "reconciler/hcl/module_instance.h"
#include "reconciler/hcl/tfvars.h"
#include "reconciler/hcl/type_constraint.h"

namespace faber::reconciler::hcl {
namespace internal {
namespace {

namespace fs = std::filesystem;

// The source text of every reference to another resource in `e` ("aws_s3_bucket.logs.id"), so
// links between resources survive even when the referenced attribute's value is known.
void CollectReferences(const File* file, const Expr* e, std::vector<std::string>* out) {
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

}  // namespace

const Attribute* FindAttr(const Body& body, std::string_view name) {
  for (const Attribute& a : body.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const ModuleFiles* Builder::Load(const std::string& dir) {
  auto it = modules_.find(dir);
  if (it != modules_.end()) return it->second.get();
  auto loaded = LoadModule(dir);
  std::unique_ptr<ModuleFiles> files = loaded.ok() ? std::make_unique<ModuleFiles>(std::move(*loaded)) : nullptr;
  return (modules_[dir] = std::move(files)).get();
}

void Builder::Warn(const std::string& message, const File* file, Range r) {
  SourceLocation loc;
  if (file) {
    Pos p = file->source.PosAt(r.start);
    loc = SourceLocation{file->source.name(), static_cast<int>(p.line), static_cast<int>(p.column)};
  }
  std::string key = message + "@" + loc.file + ":" + std::to_string(loc.line);
  if (warned_.insert(key).second) model.warnings.push_back(ModelWarning{message, loc});
}

void Builder::Fail(const std::string& message, const File* file, Range r) {
  if (!failure.empty()) return;
  const SourceLocation loc = Where(file, r);
  failure = loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": " + message;
}

SourceLocation Builder::Where(const File* file, Range r) const {
  Pos p = file->source.PosAt(r.start);
  return SourceLocation{file->source.name(), static_cast<int>(p.line), static_cast<int>(p.column)};
}

ModuleInstance* Builder::NewInstance(const ModuleFiles* files, std::string path, int depth,
                                     std::map<std::string, Value> inputs, Caller caller,
                                     std::map<std::string, int> providers) {
  instances_.push_back(std::make_unique<ModuleInstance>(*this, files, std::move(path), depth, std::move(inputs),
                                                        std::move(caller), std::move(providers)));
  instances_.back()->Declare();
  return instances_.back().get();
}

void ModuleInstance::Declare() {
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

void ModuleInstance::Emit() {
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

Value ModuleInstance::Resolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed, std::string_view text) {
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
  return *ResourceRef(std::string(root) + "." + attr(0), steps, consumed, text, false);
}

std::optional<Value> ModuleInstance::TryResolve(std::string_view root, std::span<const Traverser> steps,
                                                size_t* consumed, std::string_view text) {
  static const std::set<std::string_view> kOtherRoots = {"var", "local", "path", "terraform", "data",
                                                         "self", "module", "count", "each"};
  const bool resource = !kOtherRoots.count(root) && !steps.empty() && steps[0].is_attr;
  try {
    if (resource) return ResourceRef(std::string(root) + "." + std::string(steps[0].name), steps, consumed, text, true);
    return Resolve(root, steps, consumed, text);
  } catch (const EvalError&) {
    return std::nullopt;
  }
}

Value ModuleInstance::Safe(Evaluator& ev, const File* file, const Expr* e) {
  try {
    return ev.Eval(e);
  } catch (const EvalError& err) {
    if (err.limit) b_.Fail(err.message, file, e->range);
    b_.Warn(err.message, file, e->range);
  } catch (const nlohmann::json::exception& err) {
    b_.Warn(err.what(), file, e->range);
  }
  return MakeUnknown(std::string(file->source.Slice(e->range)));
}

Value ModuleInstance::Static(const File* file, const Expr* e) {
  Evaluator ev(*file, this, Ctx());
  return Safe(ev, file, e);
}

Value ModuleInstance::Var(const std::string& name) {
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

Value ModuleInstance::ComputeVar(const std::string& name, const File* file, const Block* blk) {
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

Value ModuleInstance::Local(const std::string& name) {
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

Value ModuleInstance::OutputValue(const std::string& name) {
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

Value ModuleInstance::AllOutputs() {
  Value out = Value::object();
  for (const auto& name : output_order_) out[name] = OutputValue(name);
  return out;
}

bool ModuleInstance::IsMeta(std::string_view name, bool module_block) {
  static const std::set<std::string_view> kResource = {"count", "for_each", "provider", "depends_on"};
  static const std::set<std::string_view> kModule = {"count", "for_each", "providers", "depends_on", "source", "version"};
  return module_block ? kModule.count(name) > 0 : kResource.count(name) > 0;
}

Value ModuleInstance::EvalBody(const File* file, const Body& body, Evaluator& ev, bool top) {
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

void ModuleInstance::ExpandDynamic(const File* file, const Block& blk, Evaluator& ev, Value* out) {
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

void ModuleInstance::DeclareProvider(const File* file, const Block* blk) {
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

Resource ModuleInstance::MakeResource(const ResourceDecl& r, const Instance& inst) {
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

}  // namespace internal

common::Result<ResourceModel> BuildResourceModel(const std::string& dir, const EvalOptions& options) {
  internal::Builder builder(options);
  builder.budget.limit = options.max_elements;
  const ModuleFiles* root = builder.Load(dir);
  if (!root) return common::NotFound(dir + " is not a readable module directory");
  std::string errors;
  std::vector<std::string> string_vars;
  for (const auto& f : root->files) {
    for (const auto& d : f->diags) errors += FormatDiagnostic(d) + "\n";
    if (f->HasErrors()) continue;
    for (const Block* b : f->body->blocks) {
      if (b->type != "variable" || b->labels.size() != 1) continue;
      const Attribute* t = internal::FindAttr(*b->body, "type");
      if (!t || f->source.Slice(t->expr->range) == "string") string_vars.push_back(std::string(b->labels[0]));
    }
  }
  if (!errors.empty()) return common::InvalidInput(errors);
  auto values = LoadRootVariableValues(dir, options, string_vars);
  if (!values.ok()) return values.status();
  internal::ModuleInstance* inst = builder.NewInstance(root, "", 0, std::move(*values), internal::Caller{}, {});
  inst->set_root_dir(dir);
  inst->Emit();
  if (!builder.failure.empty()) return common::InvalidInput(builder.failure);
  return std::move(builder.model);
}

}  // namespace faber::reconciler::hcl
