// The debugger against a large issue log, on one core: loads a log of N entries (default 100,000)
// from a directory, builds the index, then diagnoses 1,000 real-shaped errors against it and
// prints the load time (first load, then from the cache as every later run does) and the
// p50/p99/max time of one diagnosis (matching included).
// Usage: debugger_bench [N] [--dir DIR]

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "reconciler/debugger/diagnosis.h"
#include "reconciler/debugger/issue_log.h"

namespace {

namespace dbg = faber::reconciler::debugger;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kTemplates = {
    "Error: creating EC2 Instance: {code}: The {noun} '{id}' does not exist in {word}",
    "Error: error creating {service} {noun}: {code}: {word} {noun} {word} is not available",
    "* aws_{service}.{word}: Error deleting {noun}: {code}: resource {id} has a dependent object",
    "Error: reading {service} {noun} ({id}): {code}: User is not authorized to perform {service}:{word}",
    "Error: {word} {noun}: {code}: Request limit exceeded for {service} in {word}",
};
const std::vector<std::string> kWords = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                                         "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
                                         "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray"};
const std::vector<std::string> kServices = {"s3", "ec2", "rds", "lambda", "dynamodb", "iam", "kms", "sqs", "sns", "eks"};
const std::vector<std::string> kNouns = {"bucket", "instance", "table", "function", "role", "key", "queue", "topic", "cluster"};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string Fill(std::string t, std::mt19937& rng) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto replace_all = [&](const std::string& key, auto make) {
    for (size_t at; (at = t.find(key)) != std::string::npos;) t.replace(at, key.size(), make());
  };
  replace_all("{code}", [&] { return "Err" + pick(kWords) + std::to_string(rng() % 500); });
  replace_all("{service}", [&] { return pick(kServices); });
  replace_all("{noun}", [&] { return pick(kNouns); });
  replace_all("{word}", [&] { return pick(kWords) + pick(kWords); });
  replace_all("{id}", [&] { return "id" + std::to_string(rng() % 100000); });
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 100000;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "faber-debugger-bench";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else n = std::stoul(a);
  }
  std::mt19937 rng(42);
  std::filesystem::remove_all(dir);
  {
    dbg::DirectoryIssueStore store(dir.string());
    std::vector<dbg::IssueLogEntry> entries;
    std::map<std::string, dbg::IssueLogEntry> empty;
    dbg::IssueIndex no_index(empty);
    for (size_t i = 0; i < n; ++i) {
      std::string text = Fill(kTemplates[i % kTemplates.size()], rng);
      dbg::Diagnosis d = dbg::Diagnose(text, {"test", "apply", "2026-11-24T10:00:00.000Z"}, empty, no_index);
      dbg::IssueLogEntry e;
      e.issue_id = d.issue_id + "-" + std::to_string(i);  // distinct files even when texts repeat
      e.category = d.category.category;
      e.code = d.error.code;
      e.message = d.error.message;
      e.normalized_message = d.normalized_message;
      e.occurrence_count = 1;
      dbg::Solution s;
      s.solution_id = "fix-" + std::to_string(i % 997);
      s.description = "a fix";
      s.attempts = static_cast<int>(rng() % 10);
      s.successes = s.attempts / 2;
      e.solutions.push_back(s);
      entries.push_back(std::move(e));
    }
    if (auto saved = store.Save(entries); !saved.ok()) {
      std::cerr << saved.message() << "\n";
      return 1;
    }
  }
  // The first load parses every file and writes the cache; later loads (every run after) read it.
  const std::filesystem::path cache_file = dir.string() + ".cache";
  std::filesystem::remove(cache_file);
  auto cold_start = Clock::now();
  auto cold = dbg::DirectoryIssueStore(dir.string(), cache_file).LoadAll();
  auto cold_end = Clock::now();
  if (!cold.ok()) {
    std::cerr << cold.status().message() << "\n";
    return 1;
  }
  auto start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  auto log = dbg::DirectoryIssueStore(dir.string(), cache_file).LoadAll();
  const double cpu_loaded = ThreadCpuSeconds();
  auto loaded = Clock::now();
  if (!log.ok() || log->size() != cold->size()) {
    std::cerr << "the cached load differs from the first one\n";
    return 1;
  }
  dbg::IssueIndex index(*log);
  const double cpu_indexed = ThreadCpuSeconds();
  auto indexed = Clock::now();

  std::vector<double> ms;
  for (int q = 0; q < 1000; ++q) {
    std::string text = Fill(kTemplates[rng() % kTemplates.size()], rng) +
                       "\n\tstatus code: 400, request id: " + std::to_string(rng()) + "-abcd-ef01-2345-6789abcdef01";
    auto t0 = Clock::now();
    dbg::Diagnosis d = dbg::Diagnose(text, {"test", "apply", "2026-11-24T10:00:00.000Z"}, *log, index);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (d.issue_id.empty()) return 1;
  }
  std::sort(ms.begin(), ms.end());
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::cout << "issue log: " << log->size() << " entries\n"
            << "first load (parses every file, writes the cache) " << secs(cold_start, cold_end) << " s\n"
            << "load " << secs(start, loaded) << " s (cpu " << cpu_loaded - cpu_start << " s), index "
            << secs(loaded, indexed) << " s (cpu " << cpu_indexed - cpu_loaded << " s), total " << secs(start, indexed)
            << " s (cpu " << cpu_indexed - cpu_start << " s)\n"
            << "diagnose one error: p50 " << ms[ms.size() / 2] << " ms, p99 " << ms[ms.size() * 99 / 100] << " ms, max "
            << ms.back() << " ms\n";
  std::filesystem::remove_all(dir);
  std::filesystem::remove(cache_file);
  return 0;
}
