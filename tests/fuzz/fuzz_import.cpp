// Fuzzes one importer, named by the program (fuzz_import_<format>: auto, native, otlp,
// openinference, langfuse, openai_chat or request_response; links to one executable, fuzz_import):
// the input is fed as a file in two chunks (split in the middle,
// so records cross a chunk boundary) to a fresh in-memory database. Whatever the bytes, the import
// either reports or refuses with an Error, and every span it stored reads back as JSON.
//
// Design note: a new database costs ~15 ms under ASan (its schema), four times the import of a
// small input, so one database takes 256 inputs before it is replaced. A finding that needs the
// earlier inputs' spans (a merge) replays with them: libFuzzer's -runs over the same corpus order.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/import/format_reader.hpp"
#include "fuzz_support.hpp"

using namespace tracesift;

namespace {
std::string format = "auto";  // the import format this program fuzzes
}

// Takes the format from the program's name.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc;
  std::string name = (*argv)[0];
  const size_t at = name.rfind("fuzz_import_");
  if (at == std::string::npos) return 0;
  format = name.substr(at + std::string_view("fuzz_import_").size());
  for (char& c : format)
    if (c == '_') c = '-';
  for (const std::string_view known : import::kImportFormats)
    if (known == format) return 0;
  std::fprintf(stderr, "fuzz_import: '%s' is not an import format\n", format.c_str());
  std::exit(1);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  static std::unique_ptr<Engine> shared;
  static int uses = 0;
  if (!shared || ++uses % 256 == 0) shared = std::make_unique<Engine>(":memory:");
  Engine& engine = *shared;
  int64_t imported = 0;
  fuzz::expect_only_errors([&] {
    auto session = engine.begin_import({.file_name = "fuzz.jsonl", .format = format});
    session->feed(text.substr(0, size / 2));
    session->feed(text.substr(size / 2));
    imported = static_cast<int64_t>(session->finish().counts.imported);
  });
  if (imported == 0) return 0;
  // What was stored reads back: every span is one JSON object.
  const std::string lines = engine.spans_jsonl({}, 50, 0);
  size_t start = 0;
  while (start < lines.size()) {
    const size_t end = lines.find('\n', start);
    if (!nlohmann::json::accept(std::string_view(lines).substr(start, end - start))) std::terminate();
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return 0;
}
