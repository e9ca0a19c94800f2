// The near-duplicate leakage check, timed as a training dataset build runs it: ~10,000 eval
// inputs go into a NearDuplicateIndex, then each of up to 1,000,000 training inputs is normalised
// (similarity_text) and checked (matches). Built natively and to wasm (run under node), the same
// program measures both. Also measures the index's recall and false-positive rate on synthetic
// pairs of known Jaccard similarity. Prints one JSON line.
// Usage: bench_near_dup_native [FILE.jsonl] [EVAL=10000] [CHECK=1000000]
//   FILE: native span JSONL (bench/out/spans-*.jsonl); the `input` of every line is used, eval
//   inputs being every (lines / EVAL)-th one. Without a file (or with "-"), inputs are generated:
//   message lists of ~500 bytes (a system prompt of 20-34 words from 20 templates and a user
//   message of 35-50 words), 2% of the training inputs being copies of an eval input with 1-3
//   words of the user message changed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "engine/dataset/input_text.hpp"
#include "engine/dataset/near_duplicates.hpp"
#include "engine/error.hpp"
#include "engine/json_text.hpp"
#include "engine/sample/sample_hash.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// node's CPU time of the process (user + system), in seconds.
EM_JS(double, node_cpu_seconds, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
});
#endif

using tracesift::mix64;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU seconds used by the process so far: on a shared machine, the figure that other processes
// disturb least (wall time also counts the time spent waiting for a core).
double cpu_seconds() {
#ifdef __EMSCRIPTEN__
  return node_cpu_seconds();
#else
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
#endif
}

// Wall and CPU time of one phase.
struct Stopwatch {
  Clock::time_point wall0 = Clock::now();
  double cpu0 = cpu_seconds();
  double wall() const { return seconds_since(wall0); }
  double cpu() const { return cpu_seconds() - cpu0; }
};

// Many strings in one buffer.
struct TextPool {
  std::string bytes;
  std::vector<size_t> ends;
  void add(std::string_view s) {
    bytes.append(s);
    ends.push_back(bytes.size());
  }
  size_t size() const { return ends.size(); }
  std::string_view operator[](size_t i) const {
    const size_t b = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(b, ends[i] - b);
  }
};

// A deterministic stream of 64-bit values.
struct Rng {
  uint64_t state;
  uint64_t next() { return mix64(state += 0x9e3779b97f4a7c15ull); }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

// Pseudo-words with a skewed frequency (index ~ n * u^2), as in natural text.
class Vocabulary {
 public:
  explicit Vocabulary(size_t n) {
    Rng rng{42};
    for (size_t i = 0; i < n; ++i) {
      std::string w;
      const size_t len = 2 + rng.below(8);
      for (size_t k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + rng.below(26)));
      if (rng.below(10) == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
      words_.push_back(w);
    }
  }
  const std::string& pick(Rng& rng) const {
    const double u = static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
    return words_[static_cast<size_t>(u * u * static_cast<double>(words_.size()))];
  }
  // A fresh word (never in the vocabulary: has a digit).
  static std::string fresh(Rng& rng) {
    std::string w = "x";
    w += std::to_string(rng.next() % 1000000000);
    return w;
  }

 private:
  std::vector<std::string> words_;
};

std::vector<std::string> words_of(const Vocabulary& vocab, Rng& rng, size_t n) {
  std::vector<std::string> w;
  for (size_t i = 0; i < n; ++i) w.push_back(vocab.pick(rng));
  return w;
}

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) s += (i % 13 == 0) ? ". " : " ";
    s += words[i];
  }
  return s;
}

std::string message_list(const std::string& system, const std::string& user) {
  std::string s = "[{\"role\":\"system\",\"content\":";
  tracesift::append_json_string(s, system);
  s += "},{\"role\":\"user\",\"content\":";
  tracesift::append_json_string(s, user);
  s += "}]";
  return s;
}

// Generated inputs: eval and training, the training side with planted near-duplicates.
void generate(size_t eval_n, size_t check_n, TextPool& eval, TextPool& train) {
  const Vocabulary vocab(20000);
  Rng rng{7};
  std::vector<std::string> systems;
  // Each draw in its own statement: argument evaluation order differs between compilers.
  for (int i = 0; i < 20; ++i) {
    const size_t n = 20 + rng.below(15);
    systems.push_back(join(words_of(vocab, rng, n)));
  }
  std::vector<std::vector<std::string>> eval_users;
  std::vector<size_t> eval_system;
  for (size_t i = 0; i < eval_n; ++i) {
    const size_t n = 35 + rng.below(16);
    eval_users.push_back(words_of(vocab, rng, n));
    eval_system.push_back(rng.below(systems.size()));
    eval.add(message_list(systems[eval_system.back()], join(eval_users.back())));
  }
  for (size_t i = 0; i < check_n; ++i) {
    if (rng.below(50) == 0) {
      const size_t e = rng.below(eval_n);
      std::vector<std::string> user = eval_users[e];
      for (size_t k = 1 + rng.below(3); k > 0; --k) {
        const size_t at = rng.below(user.size());
        user[at] = Vocabulary::fresh(rng);
      }
      train.add(message_list(systems[eval_system[e]], join(user)));
    } else {
      const size_t system = rng.below(systems.size());
      const size_t n = 35 + rng.below(16);
      train.add(message_list(systems[system], join(words_of(vocab, rng, n))));
    }
  }
}

// The `input` of each line of a native span JSONL file, minified ("null" when absent).
void read_inputs(const char* path, size_t limit, TextPool& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tracesift::Error(tracesift::Errc::not_found, std::string("cannot open ") + path);
  simdjson::dom::parser parser;
  simdjson::internal::string_builder<> builder;
  std::string line;
  while (out.size() < limit && std::getline(in, line)) {
    simdjson::dom::element root, input;
    if (parser.parse(line).get(root) != simdjson::SUCCESS) continue;
    if (root["input"].get(input) != simdjson::SUCCESS || input.is_null()) {
      out.add("null");
      continue;
    }
    builder.clear();
    builder.append(input);
    out.add(builder.str());
  }
}

// --- Quality on synthetic pairs of known Jaccard similarity -----------------------------------

struct PairStats {
  double jaccard;  // exact, the same for every pair of the set
  double candidate_rate;
  double match_rate;
};

// Pairs of random-word texts of `shared + d` word 3-grams each: B is A with its last d words
// replaced, so J = shared / (shared + 2d) exactly. A candidate means one band of the signatures
// agrees (the LSH step); a match is the index's answer.
PairStats measure_pairs(size_t shared, size_t d, size_t pairs, uint64_t seed) {
  Rng rng{seed};
  tracesift::NearDuplicateIndex index(0.8);
  std::vector<std::string> as, bs;
  for (size_t p = 0; p < pairs; ++p) {
    std::vector<std::string> a;
    for (size_t i = 0; i < shared + 2 + d; ++i) a.push_back(Vocabulary::fresh(rng));
    std::vector<std::string> b = a;
    for (size_t i = b.size() - d; i < b.size(); ++i) b[i] = Vocabulary::fresh(rng);
    as.push_back(join(a));
    bs.push_back(join(b));
    index.add(as.back());
  }
  const double j = tracesift::shingle_jaccard(as[0], bs[0]);
  size_t candidates = 0, matches = 0;
  for (size_t p = 0; p < pairs; ++p) {
    candidates += index.shares_band(tracesift::minhash_signature(as[p]), tracesift::minhash_signature(bs[p]));
    matches += index.matches(bs[p]);
  }
  return {j, static_cast<double>(candidates) / static_cast<double>(pairs),
          static_cast<double>(matches) / static_cast<double>(pairs)};
}

std::string quality_json(size_t pairs) {
  std::string out = "[";
  // {shared, d}: J = shared / (shared + 2d) at ~100, ~20 and ~500 shingles per text.
  const size_t cases[][2] = {{50, 25}, {60, 20}, {70, 15},   {80, 10},   {90, 5},   {10, 5},  {12, 4},
                             {16, 2},  {18, 1},  {250, 125}, {300, 100}, {400, 50}, {450, 25}};
  uint64_t seed = 100;
  for (const auto& c : cases) {
    const PairStats s = measure_pairs(c[0], c[1], pairs, ++seed);
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s{\"shingles\":%zu,\"jaccard\":%.3f,\"candidates\":%.4f,\"matches\":%.4f}",
                  out.size() > 1 ? "," : "", c[0] + c[1], s.jaccard, s.candidate_rate, s.match_rate);
    out += buf;
  }
  return out + "]";
}

}  // namespace

int main(int argc, char** argv) {
#ifdef __EMSCRIPTEN__
  const char* runtime = "wasm";
#else
  const char* runtime = "native";
#endif
  const char* file = argc > 1 && std::strcmp(argv[1], "-") != 0 ? argv[1] : nullptr;
  const size_t eval_n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  const size_t check_n = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000000;
  try {
    TextPool eval, train;
    const auto t0 = Clock::now();
    if (file) {
      TextPool all;
      read_inputs(file, check_n, all);
      const size_t step = std::max<size_t>(1, all.size() / eval_n);
      for (size_t i = 0; i < all.size() && eval.size() < eval_n; i += step) eval.add(all[i]);
      train = std::move(all);
    } else {
      generate(eval_n, check_n, eval, train);
    }
    const double load_s = seconds_since(t0);

    // The pieces, then the whole check as the dataset builder runs it.
    std::string text;
    Stopwatch watch;
    size_t bytes = 0, text_bytes = 0;
    for (size_t i = 0; i < train.size(); ++i) {
      bytes += train[i].size();
      tracesift::similarity_text(train[i], text);
      text_bytes += text.size();
    }
    const double normalise_s = watch.wall(), normalise_cpu = watch.cpu();

    watch = Stopwatch{};
    uint64_t hash_xor = 0;
    for (size_t i = 0; i < train.size(); ++i) hash_xor ^= tracesift::input_content_hash(train[i]);
    const double hash_s = watch.wall(), hash_cpu = watch.cpu();

    watch = Stopwatch{};
    tracesift::NearDuplicateIndex index(0.8);
    for (size_t i = 0; i < eval.size(); ++i) index.add(tracesift::similarity_text(eval[i]));
    const double add_s = watch.wall(), add_cpu = watch.cpu();

    watch = Stopwatch{};
    size_t matched = 0;
    for (size_t i = 0; i < train.size(); ++i) {
      tracesift::similarity_text(train[i], text);
      matched += index.matches(text);
    }
    const double check_s = watch.wall(), check_cpu = watch.cpu();

    TextPool texts;  // matches() alone, on normalised texts
    for (size_t i = 0; i < train.size(); ++i) texts.add(tracesift::similarity_text(train[i]));
    watch = Stopwatch{};
    size_t matched_again = 0;
    for (size_t i = 0; i < texts.size(); ++i) matched_again += index.matches(texts[i]);
    const double matches_s = watch.wall(), matches_cpu = watch.cpu();

    watch = Stopwatch{};
    const std::string quality = quality_json(5000);
    const double quality_s = watch.wall();

    const double us = 1e6 / static_cast<double>(train.size());
    std::printf(
        "{\"runtime\":\"%s\",\"source\":\"%s\",\"eval\":%zu,\"checked\":%zu,\"avg_input_bytes\":%.0f,"
        "\"avg_text_bytes\":%.0f,\"bands\":%d,\"rows\":%d,\"load_s\":%.2f,"
        "\"similarity_text_us\":%.3f,\"similarity_text_cpu_us\":%.3f,\"input_content_hash_us\":%.3f,"
        "\"input_content_hash_cpu_us\":%.3f,\"add_s\":%.3f,\"add_cpu_s\":%.3f,\"check_s\":%.3f,\"check_cpu_s\":%.3f,"
        "\"matches_us\":%.3f,\"matches_cpu_us\":%.3f,\"matched\":%zu,\"consistent\":%s,\"hash_xor\":\"%016llx\","
        "\"quality_s\":%.1f,\"pairs\":%s}\n",
        runtime, file ? file : "generated", eval.size(), train.size(), static_cast<double>(bytes) * us / 1e6,
        static_cast<double>(text_bytes) * us / 1e6, index.bands(), index.rows(), load_s, normalise_s * us,
        normalise_cpu * us, hash_s * us, hash_cpu * us, add_s, add_cpu, check_s, check_cpu, matches_s * us,
        matches_cpu * us, matched, matched == matched_again ? "true" : "false",
        static_cast<unsigned long long>(hash_xor), quality_s, quality.c_str());
  } catch (const tracesift::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
