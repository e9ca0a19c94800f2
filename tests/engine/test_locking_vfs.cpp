// The locking VFS (engine/store/locking_vfs.hpp): two engines on one database file, each as if in
// its own process (its own HostLock over a shared lock table, like lock files on one disk). One
// transaction at a time; a refused lock fails with Errc::locked naming the holder after the busy
// timeout; what one engine commits, the other's queries, fact table and capture rules see.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/store/locking_vfs.hpp"
#include "engine_reads.hpp"
#include "error_of.hpp"
#include "random_spans.hpp"
#include "requests.hpp"
#include "temp_path.hpp"

namespace test_locking_vfs {

using namespace tracesift;

namespace {

// The lock files of one disk: path -> holder.
using LockTable = std::map<std::string, std::string>;

// One process's view of the lock files.
class TableLock : public store::HostLock {
 public:
  TableLock(LockTable& table, std::string who) : table_(table), who_(std::move(who)) {}
  bool try_lock(const std::string& path) override {
    auto [it, inserted] = table_.try_emplace(path, who_);
    return inserted || it->second == who_;
  }
  void unlock(const std::string& path) override {
    auto it = table_.find(path);
    if (it != table_.end() && it->second == who_) table_.erase(it);
  }
  std::string holder(const std::string& path) override {
    auto it = table_.find(path);
    return it == table_.end() ? "" : it->second;
  }
  // SQLite's busy handler counts the time it asked to sleep; nothing needs to pass for real.
  void sleep_ms(int ms) override { slept_ms += ms; }
  int64_t slept_ms = 0;  ///< how long the busy handler waited in all

 private:
  LockTable& table_;
  std::string who_;
};

// Two "processes" on one file.
struct TwoProcesses {
  test::TempPath file{"locking"};
  LockTable table;
  TableLock lock_a{table, "pid 1, 'tracesift import a.jsonl'"};
  TableLock lock_b{table, "pid 2, 'tracesift count'"};
  store::LockingVfs vfs_a{"test-lock-a", "unix-none", lock_a};
  store::LockingVfs vfs_b{"test-lock-b", "unix-none", lock_b};

  std::unique_ptr<Engine> open(const store::LockingVfs& vfs, int64_t timeout_ms = 2000) {
    EngineOptions options;
    options.vfs = vfs.name();
    options.lock_timeout_ms = timeout_ms;
    return std::make_unique<Engine>(file.str(), options);
  }
};

void import_spans(Engine& engine, uint64_t seed, int n) {
  auto session = engine.begin_import({.file_name = "s.jsonl"});
  session->feed(test::random_spans_jsonl(seed, n));
  session->finish();
}

}  // namespace

TEST_CASE("locking vfs: a transaction holds the lock; the other engine waits, then fails with locked naming the holder",
          "[locking]") {
  TwoProcesses p;
  auto a = p.open(p.vfs_a);
  auto b = p.open(p.vfs_b, 500);
  import_spans(*a, 1, 50);
  CHECK(p.table.empty());  // between transactions nobody holds the file
  CHECK(b->count({}) == 50);

  a->database().exec("BEGIN");
  CHECK(a->count({}) == 50);  // a read inside the transaction takes the lock and keeps it
  CHECK(p.table.size() == 1);
  try {
    b->count({});
    FAIL("the count ran while the other engine held the lock");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::locked);
    CHECK_THAT(e.message(),
               Catch::Contains("in use by another process") && Catch::Contains("pid 1, 'tracesift import a.jsonl'"));
  }
  CHECK(p.lock_b.slept_ms >= 500);  // it waited the whole busy timeout first
  a->database().exec("COMMIT");
  CHECK(b->count({}) == 50);
  CHECK(p.table.empty());
}

TEST_CASE("locking vfs: what one engine commits, the other's fact table and capture rules see", "[locking]") {
  TwoProcesses p;
  auto a = p.open(p.vfs_a);
  auto b = p.open(p.vfs_b);
  import_spans(*a, 2, 40);
  CHECK(b->count({}) == 40);  // b loads its fact table now
  import_spans(*a, 3, 60);    // new spans from another process: b's fact table is out of date
  CHECK(b->count({}) == 100);
  CHECK(b->facets({}).total == 100);

  // A rule added by b is used by a's next import (a reads the rules again).
  b->add_rule(test::rule(R"({"dataset": "all", "name": "every finished span", "filter": {}, "sample_rate": 1})"));
  auto finished = [&] {
    return b->count(b->parse_filter(R"({"status": "completed"})")) +
           b->count(b->parse_filter(R"({"status": "failed"})"));
  };
  const int64_t before = finished();
  import_spans(*a, 4, 30);
  const int64_t finished_new = finished() - before;
  CHECK(finished_new > 0);
  CHECK(static_cast<int64_t>(test::dataset_rows(*b, "all").size()) == finished_new);
  CHECK(test::integrity(*a) == "ok");
}

TEST_CASE("locking vfs: two engines creating one new database both end with the schema", "[locking]") {
  TwoProcesses p;
  auto a = p.open(p.vfs_a);
  auto b = p.open(p.vfs_b);  // the schema is there already; b must not create it again
  import_spans(*b, 5, 10);
  CHECK(a->count({}) == 10);
}

}  // namespace test_locking_vfs
