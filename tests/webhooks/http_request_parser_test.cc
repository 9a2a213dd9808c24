#include "webhooks/http_request_parser.h"

#include <gtest/gtest.h>

namespace faber::webhooks {
namespace {

std::optional<HttpRefusal> Parse(const std::string& head, HttpRequest& request, HttpHeadLimits limits = {}) {
  return ParseRequestHead(head, limits, request);
}

TEST(FindHeadEndTest, FindsTheBlankLineWithCrlfOrBareLf) {
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), 27u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\nHost: a\n\nbody"), 24u);
  EXPECT_EQ(FindHeadEnd("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), 31u);  // leading empty lines skipped
  EXPECT_FALSE(FindHeadEnd("GET / HTTP/1.1\r\nHost: a\r\n"));
  EXPECT_FALSE(FindHeadEnd(""));
}

TEST(ParseRequestHeadTest, SplitsTheRequestLineAndLowerCasesNames) {
  HttpRequest r;
  ASSERT_FALSE(Parse("POST /webhooks/github?x=1&y HTTP/1.1\r\nHost: h\r\nX-GitHub-Event:  push \r\n\r\n", r));
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/webhooks/github");
  EXPECT_EQ(r.query, "x=1&y");
  EXPECT_EQ(r.minor_version, 1);
  EXPECT_EQ(r.Header("x-github-event"), "push");
  EXPECT_EQ(r.Header("X-GITHUB-EVENT"), "push");
  EXPECT_EQ(r.Header("absent"), "");
  EXPECT_TRUE(r.KeepAlive());
}

TEST(ParseRequestHeadTest, KeepAliveFollowsTheVersionAndConnectionHeader) {
  HttpRequest r;
  ASSERT_FALSE(Parse("GET / HTTP/1.0\r\n\r\n", r));
  EXPECT_FALSE(r.KeepAlive());
  ASSERT_FALSE(Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", r));
  EXPECT_TRUE(r.KeepAlive());
  ASSERT_FALSE(Parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", r));
  EXPECT_FALSE(r.KeepAlive());
}

TEST(ParseRequestHeadTest, RefusesMalformedHeadsWithTheirStatus) {
  struct Case {
    std::string head;
    int status;
  };
  const std::vector<Case> cases = {
      {"GET /\r\n\r\n", 400},                                          // no version
      {"GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},                     // double space
      {"G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},                      // not a token
      {"GET x HTTP/1.1\r\nHost: h\r\n\r\n", 400},                      // not an origin-form target
      {"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
      {"GET / HTTP/1.7\r\nHost: h\r\n\r\n", 505},
      {"GET / FTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n\r\n", 400},                                 // HTTP/1.1 without Host
      {"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400},           // obs-fold
      {"GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400},                     // space before the colon
      {"GET / HTTP/1.1\r\nHost: h\r\nX: a\x01" "b\r\n\r\n", 400},      // control character
      {"GET / HTTP/1.1\r\nHost: h\r\nno colon\r\n\r\n", 400},
  };
  for (const auto& c : cases) {
    HttpRequest r;
    auto refusal = Parse(c.head, r);
    ASSERT_TRUE(refusal) << c.head;
    EXPECT_EQ(refusal->status, c.status) << c.head;
    EXPECT_FALSE(refusal->reason.empty());
  }
}

TEST(ParseRequestHeadTest, LimitsOnHeadSizeFieldCountAndTarget) {
  HttpHeadLimits limits;
  limits.max_headers = 3;
  limits.max_target_bytes = 16;
  limits.max_head_bytes = 200;
  HttpRequest r;
  EXPECT_FALSE(Parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", r, limits));
  auto fields = Parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", r, limits);
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->status, 431);
  EXPECT_NE(fields->reason.find("3 header fields"), std::string::npos) << fields->reason;
  auto target = Parse("GET /" + std::string(16, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", r, limits);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->status, 414);
  auto size = Parse("GET / HTTP/1.1\r\nHost: h\r\nA: " + std::string(200, 'a') + "\r\n\r\n", r, limits);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->status, 431);
}

// The body reader over a head's framing, fed `body` in pieces of `step` bytes.
struct BodyRun {
  std::optional<HttpRefusal> refusal;
  std::string body;
  bool done = false;
  size_t used = 0;
};

BodyRun ReadBody(const std::string& headers, const std::string& input, size_t max_body, size_t step) {
  HttpRequest request;
  BodyRun run;
  EXPECT_FALSE(ParseRequestHead("POST /h HTTP/1.1\r\nHost: h\r\n" + headers + "\r\n", {}, request));
  HttpBodyReader reader;
  run.refusal = HttpBodyReader::Frame(request, max_body, reader);
  if (run.refusal) return run;
  for (size_t at = 0; at < input.size() && !reader.done() && !reader.refusal(); at += step) {
    std::string_view piece = std::string_view(input).substr(at, step);
    size_t used = reader.Consume(piece, run.body);
    run.used += used;
    if (used < piece.size()) break;  // the rest belongs to the next request
  }
  run.done = reader.done();
  if (reader.refusal()) run.refusal = reader.refusal();
  return run;
}

TEST(HttpBodyReaderTest, ContentLengthBodiesStopAtTheirLength) {
  for (size_t step : {1u, 3u, 1000u}) {
    BodyRun run = ReadBody("Content-Length: 5\r\n", "helloGET / HTTP/1.1", 100, step);
    EXPECT_FALSE(run.refusal);
    EXPECT_TRUE(run.done);
    EXPECT_EQ(run.body, "hello");
    EXPECT_EQ(run.used, 5u) << step;
  }
  EXPECT_TRUE(ReadBody("", "", 100, 1).done);  // no framing: no body
}

TEST(HttpBodyReaderTest, ChunkedBodiesAreDecodedWhateverTheSplit) {
  const std::string chunked = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT";
  for (size_t step : {1u, 2u, 7u, 4096u}) {
    BodyRun run = ReadBody("Transfer-Encoding: chunked\r\n", chunked, 100, step);
    EXPECT_FALSE(run.refusal) << run.refusal->reason;
    EXPECT_TRUE(run.done) << step;
    EXPECT_EQ(run.body, "hello, world");
    EXPECT_EQ(run.used, chunked.size() - 4) << step;
  }
}

TEST(HttpBodyReaderTest, OverTheCapIs413BeforeTheDataIsRead) {
  auto declared = ReadBody("Content-Length: 101\r\n", "", 100, 1);
  ASSERT_TRUE(declared.refusal);
  EXPECT_EQ(declared.refusal->status, 413);
  // A chunk announcing more than the cap is refused at its size line: its data is never buffered.
  auto chunk = ReadBody("Transfer-Encoding: chunked\r\n", "40\r\n" + std::string(64, 'x') + "\r\n0\r\n\r\n", 63, 4096);
  ASSERT_TRUE(chunk.refusal);
  EXPECT_EQ(chunk.refusal->status, 413);
  EXPECT_TRUE(chunk.body.empty());
  // Many small chunks add up.
  std::string many;
  for (int i = 0; i < 20; ++i) many += "8\r\n12345678\r\n";
  auto sum = ReadBody("Transfer-Encoding: chunked\r\n", many + "0\r\n\r\n", 100, 5);
  ASSERT_TRUE(sum.refusal);
  EXPECT_EQ(sum.refusal->status, 413);
  EXPECT_LE(sum.body.size(), 100u);
}

TEST(HttpBodyReaderTest, AmbiguousOrBrokenFramingIsRefused) {
  auto both = ReadBody("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "", 100, 1);
  ASSERT_TRUE(both.refusal);
  EXPECT_EQ(both.refusal->status, 400);
  auto conflicting = ReadBody("Content-Length: 3\r\nContent-Length: 4\r\n", "", 100, 1);
  ASSERT_TRUE(conflicting.refusal);
  EXPECT_EQ(conflicting.refusal->status, 400);
  EXPECT_FALSE(ReadBody("Content-Length: 3\r\nContent-Length: 3\r\n", "abc", 100, 1).refusal);
  auto negative = ReadBody("Content-Length: -1\r\n", "", 100, 1);
  ASSERT_TRUE(negative.refusal);
  EXPECT_EQ(negative.refusal->status, 400);
  auto huge = ReadBody("Content-Length: 99999999999999999999999\r\n", "", 100, 1);
  ASSERT_TRUE(huge.refusal);
  EXPECT_EQ(huge.refusal->status, 400);
  auto gzip = ReadBody("Transfer-Encoding: gzip, chunked\r\n", "", 100, 1);
  ASSERT_TRUE(gzip.refusal);
  EXPECT_EQ(gzip.refusal->status, 501);
  auto bad_size = ReadBody("Transfer-Encoding: chunked\r\n", "zz\r\n", 100, 1);
  ASSERT_TRUE(bad_size.refusal);
  EXPECT_EQ(bad_size.refusal->status, 400);
  auto overrun = ReadBody("Transfer-Encoding: chunked\r\n", "2\r\nabc\r\n0\r\n\r\n", 100, 1);
  ASSERT_TRUE(overrun.refusal);
  EXPECT_EQ(overrun.refusal->status, 400);
  auto long_line = ReadBody("Transfer-Encoding: chunked\r\n", "1;" + std::string(5000, 'e') + "\r\n", 100, 100);
  ASSERT_TRUE(long_line.refusal);
  EXPECT_EQ(long_line.refusal->status, 400);
  auto trailers = ReadBody("Transfer-Encoding: chunked\r\n", "0\r\n" + std::string(10000, 'T') + "\r\n\r\n", 100, 100);
  ASSERT_TRUE(trailers.refusal);
  EXPECT_EQ(trailers.refusal->status, 431);
}

}  // namespace
}  // namespace faber::webhooks
