#include "reconciler/checks/condition_compiler.h"

#include <algorithm>
#include <memory>
#include <set>

#include <re2/re2.h>

#include "common/json_parse.h"
#include "common/regex.h"
#include "reconciler/checks/yaml_json.h"

namespace faber::reconciler::checks {
namespace {

using nlohmann::json;

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string::npos) dot = path.size();
    out.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

// An empty string configures nothing: `kms_key_id = ""` names no key.
bool IsAbsent(const json& v) { return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()); }

// An unknown computed by a managed resource of this configuration (aws_kms_key.x.arn) is an id
// or ARN that resource will be given: never one of a rule's literals (an alias, "NONE", "*").
bool IsResourceReference(const json& v) {
  if (!IsUnknown(v)) return false;
  const std::string why = v.begin().value().get<std::string>();
  return why.rfind("aws_", 0) == 0 && why.find('.') != std::string::npos;
}

Verdict Of(bool b) { return b ? Verdict::kPass : Verdict::kFail; }

std::optional<double> AsNumber(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      size_t used = 0;
      double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get_ref<const std::string&>().size()) return d;
    } catch (...) {
    }
  }
  return std::nullopt;
}

std::string AsText(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

class AllOf : public Condition {
 public:
  explicit AllOf(std::vector<std::shared_ptr<const Condition>> c) : c_(std::move(c)) {}
  Verdict Evaluate(const EvalScope& s) const override {
    Verdict out = Verdict::kPass;
    for (const auto& c : c_) {
      Verdict v = c->Evaluate(s);
      if (v == Verdict::kFail) return v;
      if (v == Verdict::kUnknown) out = v;
    }
    return out;
  }

 private:
  std::vector<std::shared_ptr<const Condition>> c_;
};

class AnyOf : public Condition {
 public:
  explicit AnyOf(std::vector<std::shared_ptr<const Condition>> c) : c_(std::move(c)) {}
  Verdict Evaluate(const EvalScope& s) const override {
    Verdict out = Verdict::kFail;
    for (const auto& c : c_) {
      Verdict v = c->Evaluate(s);
      if (v == Verdict::kPass) return v;
      if (v == Verdict::kUnknown) out = v;
    }
    return out;
  }

 private:
  std::vector<std::shared_ptr<const Condition>> c_;
};

class Not : public Condition {
 public:
  explicit Not(std::shared_ptr<const Condition> c) : c_(std::move(c)) {}
  Verdict Evaluate(const EvalScope& s) const override {
    Verdict v = c_->Evaluate(s);
    return v == Verdict::kUnknown ? v : Of(v == Verdict::kFail);
  }

 private:
  std::shared_ptr<const Condition> c_;
};

// An operator applied to the value at a path of the object in scope.
class AttrTest : public Condition {
 public:
  enum class Op { kExists, kEquals, kNotEquals, kIn, kNotIn, kMatches, kNotMatches, kGt, kGte, kLt, kLte,
                  kContains, kNotContains, kOpenWorld, kEach, kSome, kNone, kLengthGte, kEqualsAttr };
  AttrTest(std::vector<std::string> path, Op op, json operand, std::optional<Verdict> if_absent,
           std::shared_ptr<const Condition> nested)
      : path_(std::move(path)), op_(op), operand_(std::move(operand)), if_absent_(if_absent), nested_(std::move(nested)) {
    if (op_ == Op::kMatches || op_ == Op::kNotMatches) regex_ = common::CompileRegex(operand_.get<std::string>());
  }

  Verdict Evaluate(const EvalScope& s) const override {
    json v = ValueAt(s.object, path_);
    if (op_ == Op::kExists) {
      bool want = operand_.get<bool>();
      return Of(IsAbsent(v) != want);
    }
    if (IsAbsent(v)) return if_absent_ ? *if_absent_ : AbsentDefault();
    if (op_ == Op::kEach || op_ == Op::kSome || op_ == Op::kNone) return Quantify(v, s);
    if (IsUnknown(v) && op_ != Op::kEqualsAttr && !(IsResourceReference(v) && (op_ == Op::kEquals || op_ == Op::kNotEquals ||
                                                       op_ == Op::kIn || op_ == Op::kNotIn))) {
      return Verdict::kUnknown;
    }
    switch (op_) {
      case Op::kEquals: return Unknowable(v) ? Verdict::kUnknown : Of(LooseEquals(v, operand_));
      case Op::kNotEquals: return Unknowable(v) ? Verdict::kUnknown : Of(!LooseEquals(v, operand_));
      case Op::kIn: return Unknowable(v) ? Verdict::kUnknown : Of(InList(v));
      case Op::kNotIn: return Unknowable(v) ? Verdict::kUnknown : Of(!InList(v));
      case Op::kMatches: return Of(common::RegexSearch(*regex_, AsText(v)));
      case Op::kNotMatches: return Of(!common::RegexSearch(*regex_, AsText(v)));
      case Op::kGt: case Op::kGte: case Op::kLt: case Op::kLte: return Compare(v);
      case Op::kContains: return Contains(v);
      case Op::kNotContains: {
        Verdict c = Contains(v);
        return c == Verdict::kUnknown ? c : Of(c == Verdict::kFail);
      }
      case Op::kOpenWorld: return OpenWorld(v);
      case Op::kEqualsAttr: {
        json other = ValueAt(s.object, SplitPath(operand_.get<std::string>()));
        if (ContainsUnknown(other) || ContainsUnknown(v)) {
          // Two references to the same thing are equal even before either is known.
          if (IsUnknown(other) && IsUnknown(v)) return Of(other == v);
          return Verdict::kUnknown;
        }
        return Of(LooseEquals(v, other));
      }
      case Op::kLengthGte:
        if (ContainsUnknown(v) && !v.is_array()) return Verdict::kUnknown;
        return Of(v.is_structured() && static_cast<double>(v.size()) >= operand_.get<double>());
      default: return Verdict::kUnknown;
    }
  }

 private:
  // Absent is null: equal to nothing, so "not equal" and "not in" hold, and so does "each".
  Verdict AbsentDefault() const {
    switch (op_) {
      case Op::kNotEquals: case Op::kNotIn: case Op::kNotMatches: case Op::kNotContains: case Op::kEach:
      case Op::kNone:
        return Verdict::kPass;
      default: return Verdict::kFail;
    }
  }
  static bool Unknowable(const json& v) { return ContainsUnknown(v) && !IsResourceReference(v); }

  bool InList(const json& v) const {
    return std::any_of(operand_.begin(), operand_.end(), [&](const json& x) { return LooseEquals(v, x); });
  }

  Verdict Compare(const json& v) const {
    auto n = AsNumber(v);
    if (!n) return Verdict::kFail;
    double o = operand_.get<double>();
    switch (op_) {
      case Op::kGt: return Of(*n > o);
      case Op::kGte: return Of(*n >= o);
      case Op::kLt: return Of(*n < o);
      default: return Of(*n <= o);
    }
  }

  Verdict Contains(const json& v) const {
    if (v.is_string()) return Of(v.get_ref<const std::string&>().find(AsText(operand_)) != std::string::npos);
    if (!v.is_array()) return Verdict::kFail;
    bool unknown = false;
    for (const auto& item : v) {
      if (IsUnknown(item)) unknown = true;
      else if (LooseEquals(item, operand_)) return Verdict::kPass;
    }
    return unknown ? Verdict::kUnknown : Verdict::kFail;
  }

  // Whether the value (a CIDR or a list of them) opens to any address: 0.0.0.0/0 or ::/0.
  Verdict OpenWorld(const json& v) const {
    bool want = operand_.get<bool>();
    bool unknown = false, open = false;
    auto check = [&](const json& item) {
      if (IsUnknown(item)) unknown = true;
      else if (item.is_string() && (item == "0.0.0.0/0" || item == "::/0")) open = true;
    };
    if (v.is_array()) {
      for (const auto& item : v) check(item);
    } else {
      check(v);
    }
    if (open) return Of(want);
    return unknown ? Verdict::kUnknown : Of(!want);
  }

  Verdict Quantify(const json& v, const EvalScope& s) const {
    if (IsUnknown(v)) return Verdict::kUnknown;
    json items = v.is_array() ? v : json::array({v});
    bool unknown = false;
    size_t passed = 0;
    for (const auto& item : items) {
      if (!item.is_object()) continue;
      EvalScope inner{s.resource, item, s.index};
      Verdict r = nested_->Evaluate(inner);
      if (r == Verdict::kUnknown) unknown = true;
      if (r == Verdict::kPass) ++passed;
      if (op_ == Op::kSome && r == Verdict::kPass) return Verdict::kPass;
      if (op_ == Op::kEach && r == Verdict::kFail) return Verdict::kFail;
      if (op_ == Op::kNone && r == Verdict::kPass) return Verdict::kFail;
    }
    if (unknown) return Verdict::kUnknown;
    return op_ == Op::kSome ? Verdict::kFail : Verdict::kPass;
  }

  std::vector<std::string> path_;
  Op op_;
  json operand_;
  std::optional<Verdict> if_absent_;
  std::shared_ptr<const Condition> nested_;
  std::shared_ptr<const re2::RE2> regex_;  // RE2: attribute values are the repository's, of any length
};

// Another resource that refers to this one (a bucket's public access block, a VPC's flow log):
// passes when one in the same module satisfies `where` (or exists, without `where`).
class Related : public Condition {
 public:
  Related(std::vector<std::string> types, std::vector<std::string> link, std::vector<std::string> keys,
          std::shared_ptr<const Condition> where)
      : types_(std::move(types)), link_(std::move(link)), keys_(std::move(keys)), where_(std::move(where)) {}

  Verdict Evaluate(const EvalScope& s) const override {
    bool unknown = false;
    const std::vector<std::string> keys = UniqueKeys(s);
    for (const auto& type : types_) {
      for (const Resource* other : s.index.OfType(type)) {
        if (other->module_path != s.resource.module_path) continue;
        if (!Linked(*other, s.resource, keys)) continue;
        if (!where_) return Verdict::kPass;
        EvalScope inner{*other, other->attributes, s.index};
        Verdict v = where_->Evaluate(inner);
        if (v == Verdict::kPass) return v;
        if (v == Verdict::kUnknown) unknown = true;
      }
    }
    return unknown ? Verdict::kUnknown : Verdict::kFail;
  }

 private:
  // `other` names `self` in its link argument: by a reference written there, or by a literal
  // equal to one of self's unique keys.
  bool Linked(const Resource& other, const Resource& self, const std::vector<std::string>& keys) const {
    if (link_.size() == 1) {
      auto refs = other.references.find(link_[0]);
      if (refs != other.references.end()) {
        for (const auto& ref : refs->second) {
          if (RefersTo(ref, self)) return true;
        }
        return false;  // it names some other resource
      }
    }
    return Links(ValueAt(other.attributes, link_), self, keys);
  }

  // The keys whose literal value names this resource alone: two resources with the same bucket
  // name cannot both exist, so a literal shared by several identifies none of them.
  std::vector<std::string> UniqueKeys(const EvalScope& s) const {
    std::vector<std::string> out;
    for (const auto& key : keys_) {
      auto mine = s.resource.attributes.find(key);
      if (mine == s.resource.attributes.end() || !mine->is_string()) continue;
      size_t same = 0;
      for (const Resource* peer : s.index.OfType(s.resource.type)) {
        auto theirs = peer->attributes.find(key);
        if (theirs != peer->attributes.end() && *theirs == *mine) ++same;
      }
      if (same == 1) out.push_back(key);
    }
    return out;
  }

  std::vector<std::string> types_;
  std::vector<std::string> link_;
  std::vector<std::string> keys_;
  std::shared_ptr<const Condition> where_;
};

struct Compiler {
  const std::string& file;
  std::vector<std::string>* errors;

  void Error(const YAML::Node& at, const std::string& path, const std::string& message) {
    const YAML::Mark m = at.Mark();
    errors->push_back(file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": " + path + ": " +
                      message);
  }

  std::vector<std::string> Strings(const YAML::Node& n, const std::string& path) {
    std::vector<std::string> out;
    if (n.IsScalar()) {
      out.push_back(n.as<std::string>());
    } else if (n.IsSequence()) {
      for (const auto& item : n) out.push_back(item.as<std::string>());
    } else {
      Error(n, path, "expected a string or a list of strings");
    }
    return out;
  }

  std::vector<std::shared_ptr<const Condition>> List(const YAML::Node& n, const std::string& path) {
    std::vector<std::shared_ptr<const Condition>> out;
    if (!n.IsSequence() || n.size() == 0) {
      Error(n, path, "expected a non-empty list of conditions");
      return out;
    }
    for (size_t i = 0; i < n.size(); ++i) out.push_back(Compile(n[i], path + "[" + std::to_string(i) + "]"));
    return out;
  }

  std::shared_ptr<const Condition> Compile(const YAML::Node& n, const std::string& path) {
    if (!n.IsMap()) {
      Error(n, path, "expected a condition (a mapping)");
      return nullptr;
    }
    if (n["all"]) return Single(n, path, "all") ? std::make_shared<AllOf>(List(n["all"], path + ".all")) : nullptr;
    if (n["any"]) return Single(n, path, "any") ? std::make_shared<AnyOf>(List(n["any"], path + ".any")) : nullptr;
    if (n["not"]) {
      auto inner = Compile(n["not"], path + ".not");
      return Single(n, path, "not") && inner ? std::make_shared<Not>(inner) : nullptr;
    }
    if (n["related"]) return CompileRelated(n["related"], path + ".related");
    if (n["attr"]) return CompileAttr(n, path);
    Error(n, path, "a condition needs one of: all, any, not, attr, related");
    return nullptr;
  }

  bool Single(const YAML::Node& n, const std::string& path, const char* key) {
    if (n.size() == 1) return true;
    Error(n, path, std::string("'") + key + "' must be the only key of its condition");
    return false;
  }

  std::shared_ptr<const Condition> CompileRelated(const YAML::Node& n, const std::string& path) {
    static const std::set<std::string> kKeys = {"type", "link", "keys", "where"};
    if (!n.IsMap() || !n["type"] || !n["link"]) {
      Error(n, path, "related needs 'type' and 'link'");
      return nullptr;
    }
    for (const auto& kv : n) {
      if (!kKeys.count(kv.first.as<std::string>())) Error(kv.first, path, "unknown key '" + kv.first.as<std::string>() + "'");
    }
    std::shared_ptr<const Condition> where;
    if (n["where"]) where = Compile(n["where"], path + ".where");
    return std::make_shared<Related>(Strings(n["type"], path + ".type"), SplitPath(n["link"].as<std::string>()),
                                     n["keys"] ? Strings(n["keys"], path + ".keys") : std::vector<std::string>{}, where);
  }

  std::shared_ptr<const Condition> CompileAttr(const YAML::Node& n, const std::string& path) {
    static const std::vector<std::pair<const char*, AttrTest::Op>> kOps = {
        {"exists", AttrTest::Op::kExists},     {"equals", AttrTest::Op::kEquals},
        {"not_equals", AttrTest::Op::kNotEquals}, {"in", AttrTest::Op::kIn},
        {"not_in", AttrTest::Op::kNotIn},      {"matches", AttrTest::Op::kMatches},
        {"not_matches", AttrTest::Op::kNotMatches}, {"gt", AttrTest::Op::kGt},
        {"gte", AttrTest::Op::kGte},           {"lt", AttrTest::Op::kLt},
        {"lte", AttrTest::Op::kLte},           {"contains", AttrTest::Op::kContains},
        {"not_contains", AttrTest::Op::kNotContains}, {"open_world", AttrTest::Op::kOpenWorld},
        {"each", AttrTest::Op::kEach},         {"some", AttrTest::Op::kSome},
        {"none", AttrTest::Op::kNone},         {"length_gte", AttrTest::Op::kLengthGte},
        {"equals_attr", AttrTest::Op::kEqualsAttr}};
    std::optional<std::pair<std::string, AttrTest::Op>> op;
    for (const auto& kv : n) {
      std::string key = kv.first.as<std::string>();
      if (key == "attr" || key == "if_absent") continue;
      auto it = std::find_if(kOps.begin(), kOps.end(), [&](const auto& o) { return key == o.first; });
      if (it == kOps.end()) {
        Error(kv.first, path, "unknown operator '" + key + "'");
        return nullptr;
      }
      if (op) {
        Error(kv.first, path, "one operator per condition ('" + op->first + "' and '" + key + "'); use all:");
        return nullptr;
      }
      op = std::make_pair(key, it->second);
    }
    if (!op) {
      Error(n, path, "attr needs an operator (exists, equals, in, matches, gte, each, ...)");
      return nullptr;
    }
    const YAML::Node operand = n[op->first];
    std::string op_path = path + "." + op->first;
    std::shared_ptr<const Condition> nested;
    json value;
    switch (op->second) {
      case AttrTest::Op::kEach: case AttrTest::Op::kSome: case AttrTest::Op::kNone:
        nested = Compile(operand, op_path);
        if (!nested) return nullptr;
        break;
      case AttrTest::Op::kExists: case AttrTest::Op::kOpenWorld:
        if (!operand.IsScalar() || (operand.Scalar() != "true" && operand.Scalar() != "false")) {
          Error(operand, op_path, "expected true or false");
          return nullptr;
        }
        value = operand.Scalar() == "true";
        break;
      case AttrTest::Op::kIn: case AttrTest::Op::kNotIn:
        if (!operand.IsSequence()) {
          Error(operand, op_path, "expected a list");
          return nullptr;
        }
        value = YamlToJson(operand);
        break;
      case AttrTest::Op::kGt: case AttrTest::Op::kGte: case AttrTest::Op::kLt: case AttrTest::Op::kLte:
      case AttrTest::Op::kLengthGte:
        value = YamlToJson(operand);
        if (!value.is_number()) {
          Error(operand, op_path, "expected a number");
          return nullptr;
        }
        break;
      case AttrTest::Op::kMatches: case AttrTest::Op::kNotMatches:
        if (auto why = common::RegexError(operand.as<std::string>())) {
          Error(operand, op_path, "invalid regular expression (RE2 syntax): " + *why);
          return nullptr;
        }
        value = operand.as<std::string>();
        break;
      default:
        value = YamlToJson(operand);
    }
    std::optional<Verdict> if_absent;
    if (const YAML::Node a = n["if_absent"]) {
      std::string s = a.as<std::string>();
      if (s == "pass") if_absent = Verdict::kPass;
      else if (s == "fail") if_absent = Verdict::kFail;
      else if (s == "unknown") if_absent = Verdict::kUnknown;
      else Error(a, path + ".if_absent", "expected pass, fail or unknown");
    }
    return std::make_shared<AttrTest>(SplitPath(n["attr"].as<std::string>()), op->second, value, if_absent, nested);
  }
};

}  // namespace

json ValueAt(const json& object, const std::vector<std::string>& path) {
  const json* cur = &object;
  json decoded;  // a JSON document held in a string (a policy), stepped into
  for (const auto& step : path) {
    if (IsUnknown(*cur)) return *cur;
    if (cur->is_string()) {
      const std::string& text = cur->get_ref<const std::string&>();
      size_t first = text.find_first_not_of(" \t\r\n");
      if (first == std::string::npos || (text[first] != '{' && text[first] != '[')) return nullptr;
      json parsed = common::ParseJson(text);  // a policy document in an attribute: the repository's
      if (parsed.is_discarded()) {
        // Hand-written policies often carry a trailing comma; read past it rather than miss a
        // wildcard hidden behind it.
        static const re2::RE2 kTrailingComma(R"(,(\s*[\]}]))");
        std::string without = text;
        re2::RE2::GlobalReplace(&without, kTrailingComma, "\\1");
        parsed = common::ParseJson(without);
      }
      if (parsed.is_discarded()) return MakeUnknown("a JSON document that does not parse");
      decoded = std::move(parsed);
      cur = &decoded;
    }
    if (cur->is_array()) {
      bool numeric = !step.empty() && std::all_of(step.begin(), step.end(), ::isdigit);
      size_t i = numeric ? std::stoul(step) : 0;
      if (i >= cur->size()) return nullptr;
      cur = &(*cur)[i];
      if (numeric) continue;
      if (IsUnknown(*cur)) return *cur;
    }
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(step);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return json(*cur);
}

bool LooseEquals(const json& value, const json& literal) {
  if (value.type() == literal.type() || (value.is_number() && literal.is_number())) return value == literal;
  if (value.is_string() && literal.is_boolean()) {
    std::string s = value.get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    return s == (literal.get<bool>() ? "true" : "false");
  }
  if (value.is_boolean() && literal.is_string()) return LooseEquals(literal, value);
  if (value.is_string() && literal.is_number()) {
    auto n = AsNumber(value);
    return n && *n == literal.get<double>();
  }
  if (value.is_number() && literal.is_string()) return LooseEquals(literal, value);
  return false;
}

std::shared_ptr<const Condition> CompileCondition(const YAML::Node& node, const std::string& file,
                                                  const std::string& path, std::vector<std::string>* errors) {
  size_t before = errors->size();
  Compiler c{file, errors};
  std::shared_ptr<const Condition> out;
  try {
    out = c.Compile(node, path);
  } catch (const YAML::Exception& e) {
    errors->push_back(file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + path +
                      ": " + e.msg);
  }
  return errors->size() > before ? nullptr : out;
}

}  // namespace faber::reconciler::checks
