// Functions over addresses, hashes and files: cidrsubnet & co (IPv4 and IPv6), md5/sha*, and the
// file functions, which read relative to the module directory.

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <filesystem>

#include "reconciler/hcl/functions.h"
#include "reconciler/hcl/module_loader.h"

namespace faber::reconciler::hcl {
namespace {

using U128 = unsigned __int128;

struct Prefix {
  bool v6 = false;
  U128 addr = 0;  // IPv4 in the low 32 bits
  int len = 0;
  int bits() const { return v6 ? 128 : 32; }
};

Prefix ParsePrefix(const std::string& s, bool need_len) {
  Prefix p;
  size_t slash = s.find('/');
  std::string host = s.substr(0, slash);
  if (slash == std::string::npos) {
    if (need_len) throw EvalError{"invalid CIDR address " + s};
  } else {
    p.len = std::atoi(s.c_str() + slash + 1);
  }
  unsigned char buf[16];
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) {
    for (int i = 0; i < 4; ++i) p.addr = (p.addr << 8) | buf[i];
  } else if (inet_pton(AF_INET6, host.c_str(), buf) == 1) {
    p.v6 = true;
    for (int i = 0; i < 16; ++i) p.addr = (p.addr << 8) | buf[i];
  } else {
    throw EvalError{"invalid IP address " + s};
  }
  if (p.len < 0 || p.len > p.bits()) throw EvalError{"invalid prefix length in " + s};
  return p;
}

U128 Mask(int len, int bits) {
  if (len == 0) return 0;
  U128 all = bits == 128 ? ~U128(0) : ((U128(1) << 32) - 1);
  return (all << (bits - len)) & all;
}

std::string FormatAddr(const Prefix& p, U128 addr) {
  char out[INET6_ADDRSTRLEN];
  unsigned char buf[16];
  if (!p.v6) {
    for (int i = 3; i >= 0; --i, addr >>= 8) buf[i] = static_cast<unsigned char>(addr & 0xFF);
    inet_ntop(AF_INET, buf, out, sizeof out);
  } else {
    for (int i = 15; i >= 0; --i, addr >>= 8) buf[i] = static_cast<unsigned char>(addr & 0xFF);
    inet_ntop(AF_INET6, buf, out, sizeof out);
  }
  return out;
}

std::string Subnet(const std::string& prefix, int newbits, double netnum) {
  Prefix p = ParsePrefix(prefix, true);
  int len = p.len + newbits;
  if (newbits < 0 || len > p.bits()) throw EvalError{"cidrsubnet: not enough remaining address space"};
  if (netnum < 0 || (newbits < 64 && netnum >= static_cast<double>(uint64_t(1) << newbits))) {
    throw EvalError{"cidrsubnet: netnum out of range"};
  }
  U128 base = p.addr & Mask(p.len, p.bits());
  U128 addr = base | (U128(static_cast<uint64_t>(netnum)) << (p.bits() - len));
  return FormatAddr(p, addr) + "/" + std::to_string(len);
}

std::string Digest(const EVP_MD* md, const std::string& in, bool base64) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(in.data(), in.size(), out, &n, md, nullptr);
  if (base64) {
    std::vector<Value> args{std::string(reinterpret_cast<char*>(out), n)};
    return CallFunction("base64encode", args, FunctionContext{});
  }
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 15];
  }
  return hex;
}

std::string Path(const FunctionContext& ctx, const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  return (std::filesystem::path(ctx.module_dir) / p).lexically_normal().string();
}

}  // namespace

Value CallNetFunction(std::string_view name, std::vector<Value>& a, const FunctionContext& ctx, bool* handled) {
  *handled = true;
  const std::string fn(name);
  if (fn == "cidrsubnet") return Subnet(AsString(a.at(0)), static_cast<int>(AsNumber(a.at(1))), AsNumber(a.at(2)));
  if (fn == "cidrsubnets") {
    Prefix p = ParsePrefix(AsString(a.at(0)), true);
    Value out = Value::array();
    U128 next = p.addr & Mask(p.len, p.bits());
    for (size_t i = 1; i < a.size(); ++i) {
      int len = p.len + static_cast<int>(AsNumber(a[i]));
      if (len > p.bits()) throw EvalError{"cidrsubnets: not enough remaining address space"};
      U128 size = U128(1) << (p.bits() - len);
      next = (next + size - 1) / size * size;  // align to the new prefix length
      out.push_back(FormatAddr(p, next) + "/" + std::to_string(len));
      next += size;
    }
    return out;
  }
  if (fn == "cidrhost") {
    Prefix p = ParsePrefix(AsString(a.at(0)), true);
    double n = AsNumber(a.at(1));
    U128 size = p.bits() - p.len >= 127 ? ~U128(0) : (U128(1) << (p.bits() - p.len));
    U128 base = p.addr & Mask(p.len, p.bits());
    U128 host = n < 0 ? base + size - U128(static_cast<uint64_t>(-n)) : base + U128(static_cast<uint64_t>(n));
    if ((n >= 0 && U128(static_cast<uint64_t>(n)) >= size) || (n < 0 && U128(static_cast<uint64_t>(-n)) > size)) {
      throw EvalError{"cidrhost: host number out of range"};
    }
    return FormatAddr(p, host);
  }
  if (fn == "cidrnetmask") {
    Prefix p = ParsePrefix(AsString(a.at(0)), true);
    if (p.v6) throw EvalError{"cidrnetmask: only IPv4 prefixes have a netmask"};
    return FormatAddr(p, Mask(p.len, 32));
  }
  if (fn == "md5") return Digest(EVP_md5(), AsString(a.at(0)), false);
  if (fn == "sha1") return Digest(EVP_sha1(), AsString(a.at(0)), false);
  if (fn == "sha256") return Digest(EVP_sha256(), AsString(a.at(0)), false);
  if (fn == "sha512") return Digest(EVP_sha512(), AsString(a.at(0)), false);
  if (fn == "base64sha256") return Digest(EVP_sha256(), AsString(a.at(0)), true);
  if (fn == "file" || fn == "filebase64" || fn == "templatefile") {
    std::string path = Path(ctx, AsString(a.at(0)));
    auto text = ReadFile(path);
    if (!text.ok()) throw EvalError{fn + ": no file exists at " + AsString(a[0])};
    if (fn == "filebase64") {
      std::vector<Value> args{*text};
      return CallFunction("base64encode", args, ctx);
    }
    if (fn == "templatefile") {
      if (!ctx.render_template) throw EvalError{"templatefile: not available here"};
      return ctx.render_template(*text, path, a.size() > 1 ? a[1] : Value::object());
    }
    return *text;
  }
  if (fn == "fileexists") {
    std::error_code ec;
    return std::filesystem::is_regular_file(Path(ctx, AsString(a.at(0))), ec);
  }
  *handled = false;
  return nullptr;
}

}  // namespace faber::reconciler::hcl
