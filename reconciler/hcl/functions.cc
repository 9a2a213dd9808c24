// Terraform's built-in functions over JSON values: strings, collections, numbers, encodings and
// type conversions. Lists, sets and tuples are all JSON arrays; maps and objects JSON objects.

#include "reconciler/hcl/functions.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {
namespace {

void Arity(const std::vector<Value>& a, size_t min, size_t max, std::string_view name) {
  if (a.size() < min || a.size() > max) {
    throw EvalError{"wrong number of arguments to " + std::string(name) + "()"};
  }
}

const Value& List(const Value& v, std::string_view fn) {
  if (!v.is_array()) throw EvalError{std::string(fn) + "() requires a list, got " + TypeName(v)};
  return v;
}

const Value& Map(const Value& v, std::string_view fn) {
  if (!v.is_object()) throw EvalError{std::string(fn) + "() requires a map, got " + TypeName(v)};
  return v;
}

Value Distinct(const Value& list) {
  Value out = Value::array();
  for (const auto& v : list) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

void FlattenInto(const Value& v, Value* out) {
  for (const auto& item : v) {
    if (item.is_array()) {
      FlattenInto(item, out);
    } else {
      out->push_back(item);
    }
  }
}

// Terraform's format verbs: %s %d %f %.Nf %v %q %t %x %%, with optional width and flags.
std::string Format(const std::string& fmt, const std::vector<Value>& args, size_t first) {
  std::string out;
  size_t next = first;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    size_t j = i + 1;
    std::string spec = "%";
    while (j < fmt.size() && std::string_view("-+ #0123456789.").find(fmt[j]) != std::string_view::npos) spec += fmt[j++];
    if (j >= fmt.size()) throw EvalError{"format: unterminated verb"};
    char verb = fmt[j];
    i = j;
    if (next >= args.size()) throw EvalError{"format: not enough arguments"};
    const Value& a = args[next++];
    char buf[512];
    switch (verb) {
      case 's': case 'v': {
        std::string s = a.is_structured() ? a.dump() : AsString(a);
        std::snprintf(buf, sizeof buf, (spec + "s").c_str(), s.c_str());
        out += buf;
        break;
      }
      case 'q': out += Value(AsString(a)).dump(); break;
      case 't': out += AsBool(a) ? "true" : "false"; break;
      case 'd': std::snprintf(buf, sizeof buf, (spec + "lld").c_str(), static_cast<long long>(AsNumber(a))); out += buf; break;
      case 'f': case 'e': case 'g':
        std::snprintf(buf, sizeof buf, (spec + verb).c_str(), AsNumber(a));
        out += buf;
        break;
      case 'x': case 'X': case 'o': case 'b':
        if (a.is_string() && verb != 'o' && verb != 'b') {
          for (unsigned char c : a.get<std::string>()) {
            std::snprintf(buf, sizeof buf, verb == 'x' ? "%02x" : "%02X", c);
            out += buf;
          }
        } else if (verb == 'b') {
          long long n = static_cast<long long>(AsNumber(a));
          std::string bits;
          do { bits.insert(bits.begin(), static_cast<char>('0' + (n & 1))); n >>= 1; } while (n > 0);
          out += bits;
        } else {
          std::snprintf(buf, sizeof buf, (spec + "ll" + verb).c_str(), static_cast<long long>(AsNumber(a)));
          out += buf;
        }
        break;
      default: throw EvalError{std::string("format: unsupported verb %") + verb};
    }
  }
  return out;
}

std::string Replace(const std::string& s, const std::string& from, const std::string& to) {
  if (from.size() > 2 && from.front() == '/' && from.back() == '/') {
    try {
      std::regex re(from.substr(1, from.size() - 2));
      std::string repl = std::regex_replace(to, std::regex(R"(\$\{(\d+)\})"), "$$$1");
      return std::regex_replace(s, re, repl);
    } catch (const std::regex_error&) {
      throw EvalError{"replace: invalid regular expression " + from};
    }
  }
  if (from.empty()) return s;
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = s.find(from, pos)) != std::string::npos; pos = at + from.size()) out += s.substr(pos, at - pos) + to;
  return out + s.substr(pos);
}

Value Split(const std::string& sep, const std::string& s) {
  Value out = Value::array();
  if (s.empty()) return out.push_back(""), out;
  if (sep.empty()) {
    for (char c : s) out.push_back(std::string(1, c));
    return out;
  }
  size_t pos = 0;
  for (size_t at; (at = s.find(sep, pos)) != std::string::npos; pos = at + sep.size()) out.push_back(s.substr(pos, at - pos));
  out.push_back(s.substr(pos));
  return out;
}

Value RegexMatch(const std::string& pattern, const std::string& s, bool all) {
  std::regex re;
  try {
    re = std::regex(pattern);
  } catch (const std::regex_error&) {
    throw EvalError{"invalid regular expression " + pattern};
  }
  auto to_value = [&](const std::smatch& m) -> Value {
    if (re.mark_count() == 0) return m.str(0);
    Value caps = Value::array();
    for (size_t i = 1; i < m.size(); ++i) caps.push_back(m[i].matched ? Value(m.str(i)) : Value(nullptr));
    return caps;
  };
  if (!all) {
    std::smatch m;
    if (!std::regex_search(s, m, re)) throw EvalError{"regex: pattern did not match"};
    return to_value(m);
  }
  Value out = Value::array();
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.push_back(to_value(*it));
  return out;
}

std::string Base64Encode(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(n >> k) & 63];
  }
  if (i < in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) n |= uint8_t(in[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string Base64Decode(const std::string& in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
          : c == '+' ? 62 : c == '/' ? 63 : c == '=' ? -2 : -1;
    if (v == -2) break;
    if (v < 0) throw EvalError{"base64decode: invalid base64 data"};
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

std::string UrlEncode(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// Keys of an object, or indexes of a list, paired with values, for the collection functions.
Value Sorted(Value list) {
  for (const auto& v : list) {
    if (!v.is_string() && !v.is_number()) throw EvalError{"sort: elements must be strings"};
  }
  std::vector<std::string> items;
  for (const auto& v : list) items.push_back(AsString(v));
  std::sort(items.begin(), items.end());
  return Value(items);
}

const std::set<std::string_view>& Names() {
  static const std::set<std::string_view> kNames = {
      "abs", "alltrue", "anytrue", "base64decode", "base64encode", "basename", "ceil", "chomp", "chunklist",
      "coalesce", "coalescelist", "compact", "concat", "contains", "dirname", "distinct", "element", "endswith",
      "flatten", "floor", "format", "formatlist", "indent", "index", "join", "jsondecode", "jsonencode", "keys",
      "length", "log", "lookup", "lower", "matchkeys", "max", "merge", "min", "nonsensitive", "one", "parseint",
      "pow", "range", "regex", "regexall", "replace", "reverse", "sensitive", "setintersection", "setproduct",
      "setsubtract", "setunion", "signum", "slice", "sort", "split", "startswith", "strcontains", "strrev", "substr",
      "sum", "title", "tobool", "tolist", "tomap", "tonumber", "toset", "tostring", "transpose", "trim",
      "trimprefix", "trimspace", "trimsuffix", "type", "upper", "urlencode", "values", "zipmap", "timestamp",
      "uuid", "bcrypt", "plantimestamp", "cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "md5", "sha1",
      "sha256", "sha512", "base64sha256", "file", "fileexists", "templatefile", "filebase64", "abspath",
      "pathexpand", "yamlencode", "uuidv5", "textencodebase64", "timeadd", "formatdate", "can", "try"};
  return kNames;
}

}  // namespace

bool HasFunction(std::string_view name) { return Names().count(name) > 0; }

bool ToleratesUnknown(std::string_view name) {
  static const std::set<std::string_view> kTolerant = {"length", "merge", "concat", "lookup", "element", "tolist",
                                                       "toset", "tomap", "flatten", "compact", "coalesce", "keys",
                                                       "values", "one", "sensitive", "nonsensitive", "try", "can"};
  return kTolerant.count(name) > 0;
}

Value CallFunction(std::string_view name, std::vector<Value>& a, const FunctionContext& ctx) {
  bool handled = false;
  Value net = CallNetFunction(name, a, ctx, &handled);
  if (handled) return net;
  const std::string fn(name);
  auto str = [&](size_t i) { return AsString(a.at(i)); };
  if (fn == "timestamp" || fn == "uuid" || fn == "bcrypt" || fn == "plantimestamp" || fn == "uuidv5") {
    return MakeUnknown(fn + "()");  // different at every apply: never known in advance
  }
  if (fn == "upper" || fn == "lower") {
    Arity(a, 1, 1, name);
    std::string s = str(0);
    for (auto& c : s) c = static_cast<char>(fn == "upper" ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  if (fn == "title") {
    std::string s = str(0);
    bool start = true;
    for (auto& c : s) {
      if (start && std::isalpha(static_cast<unsigned char>(c))) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      start = std::isspace(static_cast<unsigned char>(c));
    }
    return s;
  }
  if (fn == "trimspace" || fn == "chomp") {
    std::string s = str(0);
    const char* ws = fn == "chomp" ? "\r\n" : " \t\r\n\v\f";
    size_t e = s.find_last_not_of(ws);
    s = e == std::string::npos ? "" : s.substr(0, e + 1);
    if (fn == "trimspace") s.erase(0, s.find_first_not_of(ws));
    return s;
  }
  if (fn == "trim") {
    std::string s = str(0), cut = str(1);
    size_t b = s.find_first_not_of(cut), e = s.find_last_not_of(cut);
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }
  if (fn == "trimprefix") {
    std::string s = str(0), p = str(1);
    return s.rfind(p, 0) == 0 ? s.substr(p.size()) : s;
  }
  if (fn == "trimsuffix") {
    std::string s = str(0), p = str(1);
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0 ? s.substr(0, s.size() - p.size()) : s;
  }
  if (fn == "startswith") return str(0).rfind(str(1), 0) == 0;
  if (fn == "endswith") {
    std::string s = str(0), p = str(1);
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
  }
  if (fn == "strcontains") return str(0).find(str(1)) != std::string::npos;
  if (fn == "strrev") {
    std::string s = str(0);
    std::reverse(s.begin(), s.end());
    return s;
  }
  if (fn == "substr") {
    std::string s = str(0);
    long off = static_cast<long>(AsNumber(a.at(1))), len = static_cast<long>(AsNumber(a.at(2)));
    if (off < 0) off += static_cast<long>(s.size());
    if (off < 0 || off > static_cast<long>(s.size())) throw EvalError{"substr: offset out of range"};
    return len < 0 ? s.substr(static_cast<size_t>(off)) : s.substr(static_cast<size_t>(off), static_cast<size_t>(len));
  }
  if (fn == "replace") return Replace(str(0), str(1), str(2));
  if (fn == "split") return Split(str(0), str(1));
  if (fn == "join") {
    std::string sep = str(0), out;
    bool first = true;
    for (size_t i = 1; i < a.size(); ++i) {
      for (const auto& v : List(a[i], name)) {
        if (!first) out += sep;
        out += AsString(v);
        first = false;
      }
    }
    return out;
  }
  if (fn == "format") return Format(str(0), a, 1);
  if (fn == "formatlist") {
    size_t n = 0;
    bool any_list = false;
    for (size_t i = 1; i < a.size(); ++i) {
      if (a[i].is_array()) {
        n = any_list ? std::min(n, a[i].size()) : a[i].size();
        any_list = true;
      }
    }
    if (!any_list) n = 1;
    Value out = Value::array();
    for (size_t k = 0; k < n; ++k) {
      std::vector<Value> row{a[0]};
      for (size_t i = 1; i < a.size(); ++i) row.push_back(a[i].is_array() ? a[i][k] : a[i]);
      out.push_back(Format(str(0), row, 1));
    }
    return out;
  }
  if (fn == "indent") {
    std::string pad(static_cast<size_t>(AsNumber(a.at(0))), ' '), s = str(1), out;
    for (char c : s) {
      out += c;
      if (c == '\n') out += pad;
    }
    return out;
  }
  if (fn == "regex") return RegexMatch(str(0), str(1), false);
  if (fn == "regexall") return RegexMatch(str(0), str(1), true);
  if (fn == "length") {
    Arity(a, 1, 1, name);
    if (IsUnknown(a[0])) return MakeUnknown("length()");
    if (a[0].is_string()) return static_cast<int64_t>(a[0].get_ref<const std::string&>().size());
    if (a[0].is_structured()) return static_cast<int64_t>(a[0].size());
    throw EvalError{"length() requires a collection or string"};
  }
  if (fn == "concat") {
    Value out = Value::array();
    for (const auto& l : a) {
      if (IsUnknown(l)) return MakeUnknown("concat()");
      for (const auto& v : List(l, name)) out.push_back(v);
    }
    return out;
  }
  if (fn == "merge") {
    Value out = Value::object();
    for (const auto& m : a) {
      if (m.is_null()) continue;
      if (IsUnknown(m)) return MakeUnknown("merge()");
      for (const auto& [k, v] : Map(m, name).items()) out[k] = v;
    }
    return out;
  }
  if (fn == "lookup") {
    Arity(a, 2, 3, name);
    if (IsUnknown(a[0])) return MakeUnknown("lookup()");
    std::string key = str(1);
    if (Map(a[0], name).contains(key)) return a[0][key];
    if (a.size() == 3) return a[2];
    throw EvalError{"lookup: the given key \"" + key + "\" does not exist"};
  }
  if (fn == "element") {
    if (IsUnknown(a.at(0))) return MakeUnknown("element()");
    const Value& l = List(a[0], name);
    if (l.empty()) throw EvalError{"element: cannot use element function with an empty list"};
    long i = static_cast<long>(AsNumber(a.at(1)));
    if (i < 0) throw EvalError{"element: negative index"};
    return l[static_cast<size_t>(i) % l.size()];
  }
  if (fn == "keys" || fn == "values") {
    if (IsUnknown(a.at(0))) return MakeUnknown(fn + "()");
    Value out = Value::array();
    for (const auto& [k, v] : Map(a[0], name).items()) out.push_back(fn == "keys" ? Value(k) : v);
    return out;
  }
  if (fn == "contains") {
    const Value& l = List(a.at(0), name);
    return std::find(l.begin(), l.end(), a.at(1)) != l.end();
  }
  if (fn == "distinct") return Distinct(List(a.at(0), name));
  if (fn == "flatten") {
    Value out = Value::array();
    FlattenInto(List(a.at(0), name), &out);
    return out;
  }
  if (fn == "compact") {
    Value out = Value::array();
    for (const auto& v : List(a.at(0), name)) {
      if (!v.is_null() && v != "") out.push_back(v);
    }
    return out;
  }
  if (fn == "coalesce") {
    for (const auto& v : a) {
      if (IsUnknown(v)) return MakeUnknown("coalesce()");
      if (!v.is_null() && v != "") return v;
    }
    throw EvalError{"coalesce: no non-null, non-empty-string arguments"};
  }
  if (fn == "coalescelist") {
    for (const auto& v : a) {
      if (List(v, name).size() > 0) return v;
    }
    return Value::array();
  }
  if (fn == "slice") {
    const Value& l = List(a.at(0), name);
    size_t from = static_cast<size_t>(AsNumber(a.at(1))), to = static_cast<size_t>(AsNumber(a.at(2)));
    if (from > to || to > l.size()) throw EvalError{"slice: index out of range"};
    return Value(l.begin() + static_cast<long>(from), l.begin() + static_cast<long>(to));
  }
  if (fn == "sort") return Sorted(List(a.at(0), name));
  if (fn == "reverse") {
    Value l = List(a.at(0), name);
    std::reverse(l.begin(), l.end());
    return l;
  }
  if (fn == "index") {
    const Value& l = List(a.at(0), name);
    auto it = std::find(l.begin(), l.end(), a.at(1));
    if (it == l.end()) throw EvalError{"index: item not found"};
    return static_cast<int64_t>(it - l.begin());
  }
  if (fn == "zipmap") {
    const Value& k = List(a.at(0), name);
    const Value& v = List(a.at(1), name);
    if (k.size() != v.size()) throw EvalError{"zipmap: lists must be the same length"};
    Value out = Value::object();
    for (size_t i = 0; i < k.size(); ++i) out[AsString(k[i])] = v[i];
    return out;
  }
  if (fn == "range") {
    double start = 0, limit, step = 1;
    if (a.size() == 1) {
      limit = AsNumber(a[0]);
    } else {
      start = AsNumber(a.at(0));
      limit = AsNumber(a.at(1));
      if (a.size() > 2) step = AsNumber(a[2]);
    }
    if (step == 0) throw EvalError{"range: step must not be zero"};
    Value out = Value::array();
    for (double x = start; step > 0 ? x < limit : x > limit; x += step) {
      out.push_back(Num(x));
      // Terraform's own limit; it also ends ranges whose step is lost in rounding.
      if (out.size() > 1024) throw EvalError{"range: more than 1024 values were generated"};
    }
    return out;
  }
  if (fn == "chunklist") {
    const Value& l = List(a.at(0), name);
    size_t n = static_cast<size_t>(AsNumber(a.at(1)));
    Value out = Value::array();
    if (n == 0) return out.push_back(l), out;
    for (size_t i = 0; i < l.size(); i += n) out.push_back(Value(l.begin() + static_cast<long>(i), l.begin() + static_cast<long>(std::min(l.size(), i + n))));
    return out;
  }
  if (fn == "setunion" || fn == "setintersection" || fn == "setsubtract") {
    Value out = Distinct(List(a.at(0), name));
    for (size_t i = 1; i < a.size(); ++i) {
      const Value& other = List(a[i], name);
      Value next = Value::array();
      if (fn == "setunion") {
        next = out;
        for (const auto& v : other) {
          if (std::find(next.begin(), next.end(), v) == next.end()) next.push_back(v);
        }
      } else {
        bool keep_common = fn == "setintersection";
        for (const auto& v : out) {
          if ((std::find(other.begin(), other.end(), v) != other.end()) == keep_common) next.push_back(v);
        }
      }
      out = next;
    }
    return out;
  }
  if (fn == "setproduct") {
    Value out = Value::array({Value::array()});
    for (const auto& l : a) {
      Value next = Value::array();
      for (const auto& prefix : out) {
        for (const auto& v : List(l, name)) {
          Value row = prefix;
          row.push_back(v);
          next.push_back(row);
        }
      }
      out = next;
    }
    return out;
  }
  if (fn == "matchkeys") {
    Value out = Value::array();
    const Value& vals = List(a.at(0), name);
    const Value& keys = List(a.at(1), name);
    const Value& search = List(a.at(2), name);
    for (size_t i = 0; i < keys.size() && i < vals.size(); ++i) {
      if (std::find(search.begin(), search.end(), keys[i]) != search.end()) out.push_back(vals[i]);
    }
    return out;
  }
  if (fn == "transpose") {
    Value out = Value::object();
    for (const auto& [k, l] : Map(a.at(0), name).items()) {
      for (const auto& v : List(l, name)) out[AsString(v)].push_back(k);
    }
    return out;
  }
  if (fn == "one") {
    if (IsUnknown(a.at(0))) return MakeUnknown("one()");
    const Value& l = List(a[0], name);
    if (l.size() > 1) throw EvalError{"one: must be a list with no more than one element"};
    return l.empty() ? Value(nullptr) : l[0];
  }
  if (fn == "alltrue" || fn == "anytrue") {
    bool all = fn == "alltrue";
    for (const auto& v : List(a.at(0), name)) {
      if (AsBool(v) != all) return !all;
    }
    return all;
  }
  if (fn == "sum") {
    double s = 0;
    for (const auto& v : List(a.at(0), name)) s += AsNumber(v);
    return Num(s);
  }
  if (fn == "min" || fn == "max") {
    if (a.empty()) throw EvalError{fn + ": needs at least one argument"};
    double r = AsNumber(a[0]);
    for (const auto& v : a) r = fn == "min" ? std::min(r, AsNumber(v)) : std::max(r, AsNumber(v));
    return Num(r);
  }
  if (fn == "abs") return Num(std::fabs(AsNumber(a.at(0))));
  if (fn == "ceil") return Num(std::ceil(AsNumber(a.at(0))));
  if (fn == "floor") return Num(std::floor(AsNumber(a.at(0))));
  if (fn == "pow") return Num(std::pow(AsNumber(a.at(0)), AsNumber(a.at(1))));
  if (fn == "log") return Num(std::log(AsNumber(a.at(0))) / std::log(AsNumber(a.at(1))));
  if (fn == "signum") {
    double x = AsNumber(a.at(0));
    return Num(x > 0 ? 1 : x < 0 ? -1 : 0);
  }
  if (fn == "parseint") {
    std::string s = str(0);
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, static_cast<int>(AsNumber(a.at(1))));
    if (s.empty() || *end != '\0') throw EvalError{"parseint: cannot parse " + s};
    return Num(static_cast<double>(v));
  }
  if (fn == "jsonencode") return a.at(0).dump();
  if (fn == "yamlencode") return a.at(0).dump();  // JSON is valid YAML
  if (fn == "jsondecode") {
    Value v = Value::parse(str(0), nullptr, false);
    if (v.is_discarded()) throw EvalError{"jsondecode: invalid JSON"};
    return v;
  }
  if (fn == "base64encode") return Base64Encode(str(0));
  if (fn == "base64decode") return Base64Decode(str(0));
  if (fn == "textencodebase64") return Base64Encode(str(0));
  if (fn == "urlencode") return UrlEncode(str(0));
  if (fn == "tostring") return a.at(0).is_null() ? Value(nullptr) : Value(str(0));
  if (fn == "tonumber") return a.at(0).is_null() ? Value(nullptr) : Num(AsNumber(a[0]));
  if (fn == "tobool") return a.at(0).is_null() ? Value(nullptr) : Value(AsBool(a[0]));
  if (fn == "tolist") return a.at(0).is_object() ? throw EvalError{"tolist: cannot convert an object"}, Value() : a[0];
  if (fn == "toset") return a.at(0).is_array() ? Distinct(a[0]) : a[0];
  if (fn == "tomap") return a.at(0).is_object() || IsUnknown(a[0]) ? a[0] : throw EvalError{"tomap: a map is required"}, Value();
  if (fn == "sensitive" || fn == "nonsensitive") return a.at(0);
  if (fn == "type") return TypeName(a.at(0));
  if (fn == "basename" || fn == "dirname") {
    std::string s = str(0);
    size_t slash = s.find_last_of('/');
    if (fn == "basename") return slash == std::string::npos ? s : s.substr(slash + 1);
    return slash == std::string::npos ? std::string(".") : s.substr(0, slash);
  }
  if (fn == "abspath" || fn == "pathexpand") return str(0);
  if (fn == "timeadd" || fn == "formatdate") return MakeUnknown(fn + "()");
  throw EvalError{"unsupported function " + fn + "()"};
}

}  // namespace faber::reconciler::hcl
