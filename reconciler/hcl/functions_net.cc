// Functions over addresses, hashes, files and paths: cidrsubnet & co (IPv4 and IPv6), md5/sha*,
// the file functions, which read relative to the module directory, and basename/dirname.

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <filesystem>

#include "reconciler/hcl/functions_internal.h"
#include "reconciler/hcl/module_loader.h"

namespace faber::reconciler::hcl::internal {
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

Value CidrSubnets(const Call& c) {
  Prefix p = ParsePrefix(c.Str(0), true);
  Value out = Value::array();
  U128 next = p.addr & Mask(p.len, p.bits());
  for (size_t i = 1; i < c.args.size(); ++i) {
    int len = p.len + static_cast<int>(AsNumber(c.args[i]));
    if (len > p.bits()) throw EvalError{"cidrsubnets: not enough remaining address space"};
    U128 size = U128(1) << (p.bits() - len);
    next = (next + size - 1) / size * size;  // align to the new prefix length
    out.push_back(FormatAddr(p, next) + "/" + std::to_string(len));
    next += size;
  }
  return out;
}

Value CidrHost(const Call& c) {
  Prefix p = ParsePrefix(c.Str(0), true);
  double n = c.Number(1);
  U128 size = p.bits() - p.len >= 127 ? ~U128(0) : (U128(1) << (p.bits() - p.len));
  U128 base = p.addr & Mask(p.len, p.bits());
  U128 host = n < 0 ? base + size - U128(static_cast<uint64_t>(-n)) : base + U128(static_cast<uint64_t>(n));
  if ((n >= 0 && U128(static_cast<uint64_t>(n)) >= size) || (n < 0 && U128(static_cast<uint64_t>(-n)) > size)) {
    throw EvalError{"cidrhost: host number out of range"};
  }
  return FormatAddr(p, host);
}

Value CidrNetmask(const Call& c) {
  Prefix p = ParsePrefix(c.Str(0), true);
  if (p.v6) throw EvalError{"cidrnetmask: only IPv4 prefixes have a netmask"};
  return FormatAddr(p, Mask(p.len, 32));
}

// file(), filebase64() and templatefile() all read the file first, relative to the module.
Value ReadModuleFile(const Call& c, std::string* path) {
  *path = Path(c.ctx, c.Str(0));
  auto text = ReadFile(*path);
  if (!text.ok()) throw EvalError{std::string(c.name) + ": no file exists at " + AsString(c.args[0])};
  return *text;
}

Value FileBase64(const Call& c) {
  std::string path;
  std::vector<Value> args{ReadModuleFile(c, &path)};
  return CallFunction("base64encode", args, c.ctx);
}

Value TemplateFile(const Call& c) {
  std::string path;
  Value text = ReadModuleFile(c, &path);
  if (!c.ctx.render_template) throw EvalError{"templatefile: not available here"};
  return c.ctx.render_template(text.get<std::string>(), path, c.args.size() > 1 ? c.args[1] : Value::object());
}

// basename() and dirname() split at the last slash, as Terraform does on Unix.
Value PathPart(const Call& c, bool base) {
  std::string s = c.Str(0);
  size_t slash = s.find_last_of('/');
  if (base) return slash == std::string::npos ? s : s.substr(slash + 1);
  return slash == std::string::npos ? std::string(".") : s.substr(0, slash);
}

constexpr FunctionEntry kNetFunctions[] = {
    {"cidrsubnet", 3, kAnyCount,
     [](const Call& c) -> Value { return Subnet(c.Str(0), static_cast<int>(c.Number(1)), c.Number(2)); }},
    {"cidrsubnets", 1, kAnyCount, CidrSubnets},
    {"cidrhost", 2, kAnyCount, CidrHost},
    {"cidrnetmask", 1, kAnyCount, CidrNetmask},
    {"md5", 1, kAnyCount, [](const Call& c) -> Value { return Digest(EVP_md5(), c.Str(0), false); }},
    {"sha1", 1, kAnyCount, [](const Call& c) -> Value { return Digest(EVP_sha1(), c.Str(0), false); }},
    {"sha256", 1, kAnyCount, [](const Call& c) -> Value { return Digest(EVP_sha256(), c.Str(0), false); }},
    {"sha512", 1, kAnyCount, [](const Call& c) -> Value { return Digest(EVP_sha512(), c.Str(0), false); }},
    {"base64sha256", 1, kAnyCount, [](const Call& c) -> Value { return Digest(EVP_sha256(), c.Str(0), true); }},
    {"file", 1, kAnyCount,
     [](const Call& c) {
       std::string path;
       return ReadModuleFile(c, &path);
     }},
    {"filebase64", 1, kAnyCount, FileBase64},
    {"templatefile", 1, kAnyCount, TemplateFile},
    {"fileexists", 1, kAnyCount,
     [](const Call& c) -> Value {
       std::error_code ec;
       return std::filesystem::is_regular_file(Path(c.ctx, c.Str(0)), ec);
     }},
    {"basename", 1, kAnyCount, [](const Call& c) { return PathPart(c, true); }},
    {"dirname", 1, kAnyCount, [](const Call& c) { return PathPart(c, false); }},
    {"abspath", 1, kAnyCount, [](const Call& c) -> Value { return c.Str(0); }},
    {"pathexpand", 1, kAnyCount, [](const Call& c) -> Value { return c.Str(0); }},
};

}  // namespace

std::span<const FunctionEntry> NetFunctions() { return kNetFunctions; }

}  // namespace faber::reconciler::hcl::internal
