// Unique temporary file paths for tests (works natively and under node with NODERAWFS).
#pragma once

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

namespace tracesift::test {

/// A fresh path under /tmp; the file is removed when the object goes out of scope.
class TempPath {
 public:
  explicit TempPath(const std::string& stem) {
    // Design note: ctest runs test cases in parallel processes (a counter and a clock alone could
    // meet in two of them; a random part cannot in practice).
    static int counter = 0;
    static const auto process = std::random_device{}();
    const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = "/tmp/tracesift-test-" + stem + "-" + std::to_string(process) + "-" + std::to_string(t) + "-" +
            std::to_string(++counter) + ".db";
  }
  ~TempPath() {
    std::remove(path_.c_str());
    std::remove((path_ + "-journal").c_str());
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  /// The path.
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tracesift::test
