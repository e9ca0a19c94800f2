// PLACEHOLDER (being written): langfuse reader.
#include "format_reader.hpp"

namespace tracesift::import {
namespace {
class LangfuseReader final : public FormatReader {
 public:
  std::string_view name() const override { return "langfuse"; }
  void read_value(const nlohmann::json&, const RecordContext&, RecordSink& sink) override {
    sink.on_record_error("the langfuse reader is not built yet");
  }
};
}  // namespace
std::unique_ptr<FormatReader> make_langfuse_reader() { return std::make_unique<LangfuseReader>(); }
}  // namespace tracesift::import
