#include "store/loose_object.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

namespace faber::store {
namespace {

common::Status Damaged(const std::string& hex, const std::string& path, const std::string& what) {
  return common::Status(common::ErrorKind::kStalled, "the repository is damaged: object " + hex + " (" + path + ") " +
                                                         what + "; repair it (git fsck) or clone it again");
}

// Inflates a whole zlib stream; false when it is truncated or corrupt (zlib checks its adler32).
bool Inflate(const std::string& compressed, std::string* out) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  out->resize(std::max<size_t>(compressed.size() * 3, 4096));
  size_t produced = 0;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (produced == out->size()) out->resize(out->size() * 2);
    z.next_out = reinterpret_cast<Bytef*>(out->data() + produced);
    z.avail_out = static_cast<uInt>(out->size() - produced);
    const uInt room = z.avail_out;
    rc = inflate(&z, Z_NO_FLUSH);
    produced += room - z.avail_out;
    // No input left and no output produced: the stream ends early.
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out == room) rc = Z_BUF_ERROR;
  }
  inflateEnd(&z);
  out->resize(produced);
  return rc == Z_STREAM_END;
}

git_object_t TypeNamed(std::string_view name) {
  if (name == "blob") return GIT_OBJECT_BLOB;
  if (name == "tree") return GIT_OBJECT_TREE;
  if (name == "commit") return GIT_OBJECT_COMMIT;
  if (name == "tag") return GIT_OBJECT_TAG;
  return GIT_OBJECT_INVALID;
}

}  // namespace

common::Result<std::optional<LooseObject>> ReadLooseObject(git_repository* repo, const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  const std::string path = std::string(git_repository_path(repo)) + "objects/" + std::string(hex, 2) + "/" + (hex + 2);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::optional<LooseObject>();  // packed, or absent: libgit2 reports those itself
  std::ostringstream file;
  file << in.rdbuf();
  std::string raw;
  if (!Inflate(file.str(), &raw)) return Damaged(hex, path, "is truncated or corrupt");

  // "<type> <size>\0<content>"
  const size_t space = raw.find(' ');
  const size_t nul = raw.find('\0');
  if (space == std::string::npos || nul == std::string::npos || space > nul) return Damaged(hex, path, "has no object header");
  LooseObject object;
  object.type = TypeNamed(std::string_view(raw).substr(0, space));
  const std::string size_text = raw.substr(space + 1, nul - space - 1);
  if (object.type == GIT_OBJECT_INVALID || size_text.empty() || size_text.size() > 18 ||
      size_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoull(size_text) != raw.size() - nul - 1) {
    return Damaged(hex, path, "has a malformed header");
  }
  // The name of an object is the SHA-1 of what it holds: a file that hashes otherwise is not it.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(raw.data(), raw.size(), digest, &digest_size, EVP_sha1(), nullptr) != 1 || digest_size != GIT_OID_RAWSZ ||
      std::memcmp(digest, oid.id, GIT_OID_RAWSZ) != 0) {
    return Damaged(hex, path, "does not hash to its name");
  }
  object.content = raw.substr(nul + 1);
  return std::optional<LooseObject>(std::move(object));
}

common::Status CheckLooseObject(git_repository* repo, const git_oid& oid) { return ReadLooseObject(repo, oid).status(); }

}  // namespace faber::store
