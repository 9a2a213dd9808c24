#include "store/loose_object_check.h"

#include <zlib.h>

#include <fstream>
#include <iterator>
#include <string>

namespace faber::store {

common::Status CheckLooseObject(git_repository* repo, const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  const std::string path = std::string(git_repository_path(repo)) + "objects/" + std::string(hex, 2) + "/" + (hex + 2);
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::Status::Ok();  // packed, or absent: libgit2 reports those itself
  std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  z_stream z{};
  if (inflateInit(&z) != Z_OK) return common::Internal("zlib: cannot initialize");
  z.next_in = reinterpret_cast<Bytef*>(compressed.data());
  z.avail_in = static_cast<uInt>(compressed.size());
  unsigned char out[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = out;
    z.avail_out = sizeof(out);
    rc = inflate(&z, Z_NO_FLUSH);
    // No input left and no output produced: the stream ends early.
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out == sizeof(out)) rc = Z_BUF_ERROR;
  }
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return common::Status::Ok();
  return common::Status(common::ErrorKind::kStalled,
                        std::string("the repository is damaged: object ") + hex + " (" + path +
                            ") is truncated or corrupt; repair it (git fsck) or clone it again");
}

}  // namespace faber::store
