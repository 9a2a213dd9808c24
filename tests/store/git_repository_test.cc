#include "store/git_repository.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "common/files.h"
#include "tests/support/faber_harness.h"

namespace faber::store {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
using testing::WorkTree;

TEST(GitRepositoryTest, ExportKeepsExecutableBitsSymlinksAndNesting) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("infra/deploy.sh", "#!/bin/sh\necho hi\n", /*executable=*/true);
  tree.Write("infra/modules/net/main.tf", "# net\n");
  fs::create_symlink("modules/net/main.tf", tree.dir() / "infra/link.tf");
  std::string commit = tree.CommitAll("init");

  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  fs::path out = dir.path() / "export";
  ASSERT_TRUE((*repo)->ExportTree(commit, out).ok());
  struct stat st {};
  ASSERT_EQ(stat((out / "infra/deploy.sh").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  ASSERT_EQ(stat((out / "infra/modules/net/main.tf").c_str(), &st), 0);
  EXPECT_FALSE(st.st_mode & S_IXUSR);
  ASSERT_TRUE(fs::is_symlink(out / "infra/link.tf"));
  EXPECT_EQ(fs::read_symlink(out / "infra/link.tf"), "modules/net/main.tf");
  EXPECT_FALSE(fs::exists(out / ".git"));
  // Exporting over something already there is refused rather than mixed with it.
  EXPECT_FALSE((*repo)->ExportTree(commit, out).ok());
}

TEST(GitRepositoryTest, ReadsFilesBranchesAndHistory) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "one\n");
  std::string first = tree.CommitAll("first");
  tree.Write("a.txt", "two\n");
  tree.Write("b/c.txt", "c\n");
  std::string second = tree.CommitAll("second");

  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ(*(*repo)->ResolveBranch("main"), second);
  EXPECT_EQ((*repo)->ResolveBranch("env/none").status().kind(), common::ErrorKind::kNotFound);
  EXPECT_EQ(*(*repo)->DefaultBranch(), "main");
  EXPECT_EQ(*(*repo)->ReadFile(first, "a.txt"), "one\n");
  EXPECT_EQ((*repo)->ReadFile(first, "b/c.txt").status().kind(), common::ErrorKind::kNotFound);
  EXPECT_EQ(*(*repo)->ListFiles(second, ""), (std::vector<std::string>{"a.txt", "b/c.txt"}));
  EXPECT_TRUE(*(*repo)->IsAncestor(first, second));
  EXPECT_FALSE(*(*repo)->IsAncestor(second, first));
  EXPECT_EQ(*(*repo)->CommitsBetween(first, second), std::vector<std::string>{second});
  auto changes = (*repo)->ChangesOf(second);
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->size(), 2u);
  EXPECT_EQ((*repo)->GetCommit(second)->message.substr(0, 6), "second");
}

TEST(GitRepositoryTest, CompareAndSwapMovesABranchOnlyFromTheExpectedTip) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "a\n");
  tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  auto c1 = (*repo)->CreateCommit("", {{"x.json", std::string("1")}}, "one");
  ASSERT_TRUE(c1.ok()) << c1.status().message();
  auto c2 = (*repo)->CreateCommit(*c1, {{"y.json", std::string("2")}}, "two");
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(*(*repo)->ReadFile(*c2, "x.json"), "1");  // a commit builds on its parent's tree

  ASSERT_TRUE((*repo)->CompareAndSwapBranch("faber/records", "", *c1).ok());
  // Creating it again, or moving it from a tip it no longer has, is a conflict.
  EXPECT_EQ((*repo)->CompareAndSwapBranch("faber/records", "", *c2).kind(), common::ErrorKind::kConflict);
  EXPECT_EQ((*repo)->CompareAndSwapBranch("faber/records", *c2, *c1).kind(), common::ErrorKind::kConflict);
  ASSERT_TRUE((*repo)->CompareAndSwapBranch("faber/records", *c1, *c2).ok());
  EXPECT_EQ(tree.Head("faber/records"), *c2);
  EXPECT_EQ(*(*repo)->LocalBranchTip("faber/records"), *c2);
}

TEST(GitRepositoryTest, NotARepositoryAndACorruptRepositoryAreClearErrors) {
  ScratchDir dir;
  auto missing = GitRepository::Open(dir.path() / "nothing-here");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nothing-here"), std::string::npos) << missing.status().message();

  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "a\n");
  std::string commit = tree.CommitAll("init");
  std::string blob = tree.Git({"rev-parse", commit + ":a.txt"}).substr(0, 40);
  // A truncated loose object: libgit2 alone would never return from reading it.
  auto truncate = [&](const std::string& sha) {
    fs::path object = tree.dir() / ".git/objects" / sha.substr(0, 2) / sha.substr(2);
    fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
    fs::resize_file(object, 3);
  };
  truncate(blob);
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  auto read = (*repo)->ReadFile(commit, "a.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), common::ErrorKind::kStalled);
  EXPECT_NE(read.status().message().find(blob), std::string::npos) << read.status().message();
  auto exported = (*repo)->ExportTree(commit, dir.path() / "export");
  EXPECT_EQ(exported.kind(), common::ErrorKind::kStalled) << exported.message();

  truncate(commit);
  auto commit_read = (*repo)->ReadFile(commit, "a.txt");
  ASSERT_FALSE(commit_read.ok());
  EXPECT_NE(commit_read.status().message().find(commit), std::string::npos) << commit_read.status().message();
}

// faber reads loose objects itself (one inflate, then the content): what it exports must be what
// the commit holds, and an object file that is intact but holds another object is refused.
TEST(GitRepositoryTest, LooseObjectsAreExportedByteForByteAndAMisplacedOneIsRefused) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  std::string binary(70000, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 7919) % 251);
  tree.Write("data.bin", binary);  // larger than one inflate buffer, and not text
  tree.Write("a.txt", "a\n");
  tree.Write("b.txt", "b\n");
  std::string commit = tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  ASSERT_TRUE((*repo)->ExportTree(commit, dir.path() / "export").ok());
  auto exported = common::ReadFile(dir.path() / "export/data.bin");
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(*exported, binary);

  // a.txt's object file replaced by b.txt's: a valid zlib stream, but not the object it is named.
  auto object_path = [&](const std::string& path) {
    std::string sha = tree.Git({"rev-parse", commit + ":" + path}).substr(0, 40);
    return tree.dir() / ".git/objects" / sha.substr(0, 2) / sha.substr(2);
  };
  fs::path a = object_path("a.txt");
  fs::permissions(a, fs::perms::owner_write, fs::perm_options::add);
  fs::copy_file(object_path("b.txt"), a, fs::copy_options::overwrite_existing);
  auto read = (*repo)->ReadFile(commit, "a.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), common::ErrorKind::kStalled);
  EXPECT_NE(read.status().message().find("does not hash to its name"), std::string::npos) << read.status().message();
}

}  // namespace
}  // namespace faber::store
