// Instances of resources and module calls: the keys that count and for_each expand a block
// into, and references to resources (resource.name[key].attr) and to module outputs
// (module.name[key].output), which expand their target on first use.

#include <algorithm>
#include <set>

#include "reconciler/hcl/module_instance.h"

namespace faber::reconciler::hcl::internal {
namespace {

// Binds count.index or each.key/each.value for one instance.
void BindInstance(Evaluator& ev, const Block& blk, const Value& index, const Value& each_value) {
  if (FindAttr(*blk.body, "count")) {
    ev.Push("count", Value{{"index", index}});
  } else {
    ev.Push("each", Value{{"key", index}, {"value", each_value}});
  }
}

}  // namespace

std::string IndexSuffix(const Value& index) {
  if (index.is_null()) return "";
  if (IsUnknown(index)) return "[*]";
  if (index.is_string()) return "[" + index.dump() + "]";
  return "[" + AsString(index) + "]";
}

std::optional<Value> ModuleInstance::CallerInput(const Caller& caller, const std::string& name) {
  const Attribute* a = FindAttr(*caller.call->block->body, name);
  if (!a || IsMeta(a->name, true)) return std::nullopt;
  Evaluator ev(*caller.call->file, this, Ctx());
  if (caller.call->expanded) BindInstance(ev, *caller.call->block, caller.index, caller.each_value);
  return Safe(ev, caller.call->file, a->expr);
}

std::vector<std::pair<Value, Value>> ModuleInstance::Keys(const File* file, const Block& blk, bool* expanded) {
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
  const Range where = (count ? count : for_each)->expr->range;
  // Past the limit the block stands for one unknown instance, and the evaluation fails.
  auto over_limit = [&](double n) {
    if (n <= static_cast<double>(b_.options.max_instances)) {
      try {
        b_.budget.Take(static_cast<size_t>(n), count ? "count" : "for_each");
        return false;
      } catch (const EvalError& err) {
        b_.Fail(err.message, file, where);
        keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
        return true;
      }
    }
    b_.Fail(std::string(count ? "count" : "for_each") + " makes " + NumberToString(n) + " instances of " +
                std::string(blk.type) + " " + std::string(blk.labels.empty() ? "" : blk.labels.back()) +
                ", more than faber's limit of " + std::to_string(b_.options.max_instances) + " per block",
            file, where);
    keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
    return true;
  };
  if (count) {
    double n = 0;
    try {
      n = AsNumber(v);
    } catch (const EvalError& err) {
      b_.Warn("count: " + err.message, file, count->expr->range);
      keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
      return keys;
    }
    if (!(n >= 0)) {  // negative or NaN: Terraform refuses both
      b_.Warn("count must be a non-negative whole number, got " + NumberToString(n), file, where);
      keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
      return keys;
    }
    if (over_limit(n)) return keys;
    for (int64_t i = 0; i < static_cast<int64_t>(n); ++i) keys.emplace_back(Value(i), nullptr);
    return keys;
  }
  if ((v.is_object() || v.is_array()) && over_limit(static_cast<double>(v.size()))) return keys;
  if (v.is_object()) {
    for (const auto& [k, val] : v.items()) keys.emplace_back(Value(k), val);
  } else if (v.is_array()) {
    std::set<std::string> seen;  // a set: duplicates are one instance
    for (const auto& item : v) {
      if (!item.is_string()) {
        b_.Warn("for_each over a set needs strings", file, for_each->expr->range);
        continue;
      }
      if (seen.insert(item.get<std::string>()).second) keys.emplace_back(item, item);
    }
  } else {
    b_.Warn("for_each needs a map or a set of strings, got " + TypeName(v), file, for_each->expr->range);
    keys.emplace_back(MakeUnknown(text), MakeUnknown(text));
  }
  return keys;
}

void ModuleInstance::Expand(ResourceDecl& r) {
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

std::optional<Value> ModuleInstance::ResourceRef(const std::string& key, std::span<const Traverser> steps,
                                                 size_t* consumed, std::string_view text, bool probe) {
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
      if (!unknown && probe) return std::nullopt;
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
  const Value* v = &inst->attributes;
  for (; i < steps.size(); ++i) {
    if (IsUnknown(*v)) return MakeUnknown(std::string(text));
    v = Evaluator::Find(*v, steps[i]);
    // An argument left null (or not set) may be filled in by the provider (optional and computed).
    if (!v || v->is_null()) return MakeUnknown(std::string(text));
  }
  return *v;
}

Value ModuleInstance::Marked(const std::string& key, const Instance& inst) {
  std::string address = (path_.empty() ? "" : path_ + ".") + key + inst.suffix;
  Value v = inst.attributes;
  for (auto& [k, item] : v.items()) {
    if (item.is_null()) item = MakeUnknown(address + "." + k);
  }
  v[kResourceKey] = address;
  return v;
}

void ModuleInstance::ExpandCall(const std::string& name, ModuleCall& call) {
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

Value ModuleInstance::ModuleRef(const std::string& name, std::span<const Traverser> steps, size_t* consumed, std::string_view text) {
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

}  // namespace faber::reconciler::hcl::internal
