#include "common/url_userinfo.h"

#include <gtest/gtest.h>

namespace faber::common {
namespace {

TEST(UrlUserinfoTest, StripsUserAndPasswordFromTheAuthority) {
  EXPECT_EQ(WithoutUserinfo("https://deploy:TOKEN@host/org/repo.git"), "https://host/org/repo.git");
  EXPECT_EQ(WithoutUserinfo("https://x-access-token:ghs_abc@github.com:443/org/repo"),
            "https://github.com:443/org/repo");
  EXPECT_EQ(WithoutUserinfo("http://ghp_onlyatoken@127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(WithoutUserinfo("ssh://git:p@ss@host/repo.git"), "ssh://host/repo.git");  // '@' in the password
  EXPECT_EQ(WithoutUserinfo("git://host/repo?ref=a@b"), "git://host/repo?ref=a@b");   // '@' after the authority
}

TEST(UrlUserinfoTest, LeavesWhatIsNotAUrlWithUserinfoAsItIs) {
  EXPECT_EQ(WithoutUserinfo("https://host/org/repo.git"), "https://host/org/repo.git");
  EXPECT_EQ(WithoutUserinfo("/srv/git/infra.git"), "/srv/git/infra.git");
  EXPECT_EQ(WithoutUserinfo("git@github.com:org/repo.git"), "git@github.com:org/repo.git");
  EXPECT_EQ(WithoutUserinfo("file:///srv/git/infra.git"), "file:///srv/git/infra.git");
  EXPECT_EQ(WithoutUserinfo(""), "");
}

}  // namespace
}  // namespace faber::common
