// Terraform's string functions: case, trimming, searching, format/formatlist, split/join and the
// regular-expression functions.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include <re2/re2.h>

#include "reconciler/hcl/functions_internal.h"

namespace faber::reconciler::hcl::internal {
namespace {

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

// `to` of replace() (Go's template syntax: $1, ${1}, $$) in RE2's rewrite syntax (\1, \\).
std::string GoRewrite(const std::string& to) {
  std::string out;
  for (size_t i = 0; i < to.size(); ++i) {
    const char c = to[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '$' && i + 1 < to.size() && to[i + 1] == '$') {
      out += '$';
      ++i;
    } else if (c == '$' && i + 1 < to.size() && std::isdigit(static_cast<unsigned char>(to[i + 1]))) {
      out += '\\';
      out += to[++i];
    } else if (c == '$' && i + 3 < to.size() && to[i + 1] == '{' && std::isdigit(static_cast<unsigned char>(to[i + 2])) &&
               to[i + 3] == '}') {
      out += '\\';
      out += to[i + 2];
      i += 3;
    } else {
      out += c;
    }
  }
  return out;
}

re2::RE2::Options QuietOptions() {
  re2::RE2::Options options;
  options.set_log_errors(false);
  return options;
}

std::string Replace(const std::string& s, const std::string& from, const std::string& to) {
  if (from.size() > 2 && from.front() == '/' && from.back() == '/') {
    const re2::RE2 re(from.substr(1, from.size() - 2), QuietOptions());
    if (!re.ok()) throw EvalError{"replace: invalid regular expression " + from + ": " + re.error()};
    std::string out = s;
    re2::RE2::GlobalReplace(&out, re, GoRewrite(to));
    return out;
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

// regex() and regexall() in RE2 syntax, as Terraform has them: a pattern without groups gives the
// matched string, unnamed groups a list, named groups ((?P<name>...)) an object.
Value RegexMatch(const std::string& pattern, const std::string& s, bool all) {
  const re2::RE2 re(pattern, QuietOptions());
  if (!re.ok()) throw EvalError{"invalid regular expression " + pattern + ": " + re.error()};
  const int groups = re.NumberOfCapturingGroups();
  const std::map<int, std::string>& names = re.CapturingGroupNames();
  if (!names.empty() && static_cast<int>(names.size()) != groups) {
    throw EvalError{"regex: the pattern mixes named and unnamed capture groups"};
  }
  std::vector<re2::StringPiece> found(static_cast<size_t>(groups) + 1);
  auto to_value = [&]() -> Value {
    auto group = [&](int i) { return found[i].data() ? Value(std::string(found[i].data(), found[i].size())) : Value(nullptr); };
    if (groups == 0) return std::string(found[0].data(), found[0].size());
    if (!names.empty()) {
      Value caps = Value::object();
      for (const auto& [i, name] : names) caps[name] = group(i);
      return caps;
    }
    Value caps = Value::array();
    for (int i = 1; i <= groups; ++i) caps.push_back(group(i));
    return caps;
  };
  const re2::StringPiece text(s);
  if (!all) {
    if (!re.Match(text, 0, s.size(), re2::RE2::UNANCHORED, found.data(), groups + 1)) {
      throw EvalError{"regex: pattern did not match"};
    }
    return to_value();
  }
  Value out = Value::array();
  size_t pos = 0;
  while (pos <= s.size() && re.Match(text, pos, s.size(), re2::RE2::UNANCHORED, found.data(), groups + 1)) {
    out.push_back(to_value());
    const size_t start = static_cast<size_t>(found[0].data() - s.data());
    const size_t end = start + found[0].size();
    pos = end > start ? end : end + 1;  // an empty match moves on by one
  }
  return out;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Value Upper(const Call& c) {
  std::string s = c.Str(0);
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

Value Lower(const Call& c) {
  std::string s = c.Str(0);
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

Value Title(const Call& c) {
  std::string s = c.Str(0);
  bool start = true;
  for (auto& ch : s) {
    if (start && std::isalpha(static_cast<unsigned char>(ch))) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    start = std::isspace(static_cast<unsigned char>(ch));
  }
  return s;
}

// trimspace() cuts whitespace at both ends; chomp() only newlines at the end.
Value TrimEnds(const Call& c, const char* cut, bool both_ends) {
  std::string s = c.Str(0);
  size_t e = s.find_last_not_of(cut);
  s = e == std::string::npos ? "" : s.substr(0, e + 1);
  if (both_ends) s.erase(0, s.find_first_not_of(cut));
  return s;
}

Value Trim(const Call& c) {
  std::string s = c.Str(0), cut = c.Str(1);
  size_t b = s.find_first_not_of(cut), e = s.find_last_not_of(cut);
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Value TrimPrefix(const Call& c) {
  std::string s = c.Str(0), p = c.Str(1);
  return s.rfind(p, 0) == 0 ? s.substr(p.size()) : s;
}

Value TrimSuffix(const Call& c) {
  std::string s = c.Str(0), p = c.Str(1);
  return EndsWith(s, p) ? s.substr(0, s.size() - p.size()) : s;
}

Value Substr(const Call& c) {
  std::string s = c.Str(0);
  long off = static_cast<long>(c.Number(1)), len = static_cast<long>(c.Number(2));
  if (off < 0) off += static_cast<long>(s.size());
  if (off < 0 || off > static_cast<long>(s.size())) throw EvalError{"substr: offset out of range"};
  return len < 0 ? s.substr(static_cast<size_t>(off)) : s.substr(static_cast<size_t>(off), static_cast<size_t>(len));
}

Value Join(const Call& c) {
  std::string sep = c.Str(0), out;
  bool first = true;
  for (size_t i = 1; i < c.args.size(); ++i) {
    for (const auto& v : c.List(i)) {
      if (!first) out += sep;
      out += AsString(v);
      first = false;
    }
  }
  return out;
}

// Formats once per element of the list arguments (the shortest list wins); scalars repeat.
Value FormatList(const Call& c) {
  const std::vector<Value>& a = c.args;
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
    out.push_back(Format(c.Str(0), row, 1));
  }
  return out;
}

Value Indent(const Call& c) {
  std::string pad(static_cast<size_t>(c.Number(0)), ' '), s = c.Str(1), out;
  for (char ch : s) {
    out += ch;
    if (ch == '\n') out += pad;
  }
  return out;
}

constexpr FunctionEntry kStringFunctions[] = {
    {"upper", 1, 1, Upper},
    {"lower", 1, 1, Lower},
    {"title", 1, kAnyCount, Title},
    {"trimspace", 1, kAnyCount, [](const Call& c) { return TrimEnds(c, " \t\r\n\v\f", true); }},
    {"chomp", 1, kAnyCount, [](const Call& c) { return TrimEnds(c, "\r\n", false); }},
    {"trim", 2, kAnyCount, Trim},
    {"trimprefix", 2, kAnyCount, TrimPrefix},
    {"trimsuffix", 2, kAnyCount, TrimSuffix},
    {"startswith", 2, kAnyCount, [](const Call& c) -> Value { return c.Str(0).rfind(c.Str(1), 0) == 0; }},
    {"endswith", 2, kAnyCount, [](const Call& c) -> Value { return EndsWith(c.Str(0), c.Str(1)); }},
    {"strcontains", 2, kAnyCount, [](const Call& c) -> Value { return c.Str(0).find(c.Str(1)) != std::string::npos; }},
    {"strrev", 1, kAnyCount,
     [](const Call& c) -> Value {
       std::string s = c.Str(0);
       std::reverse(s.begin(), s.end());
       return s;
     }},
    {"substr", 3, kAnyCount, Substr},
    {"replace", 3, kAnyCount, [](const Call& c) -> Value { return Replace(c.Str(0), c.Str(1), c.Str(2)); }},
    {"split", 2, kAnyCount, [](const Call& c) { return Split(c.Str(0), c.Str(1)); }},
    {"join", 1, kAnyCount, Join},
    {"format", 1, kAnyCount, [](const Call& c) -> Value { return Format(c.Str(0), c.args, 1); }},
    {"formatlist", 1, kAnyCount, FormatList},
    {"indent", 2, kAnyCount, Indent},
    {"regex", 2, kAnyCount, [](const Call& c) { return RegexMatch(c.Str(0), c.Str(1), false); }},
    {"regexall", 2, kAnyCount, [](const Call& c) { return RegexMatch(c.Str(0), c.Str(1), true); }},
};

}  // namespace

std::span<const FunctionEntry> StringFunctions() { return kStringFunctions; }

}  // namespace faber::reconciler::hcl::internal
