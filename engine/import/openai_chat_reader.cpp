// PLACEHOLDER (being written): openai-chat reader.
#include "format_reader.hpp"

namespace tracesift::import {
namespace {
class OpenAiChatReader final : public FormatReader {
 public:
  std::string_view name() const override { return "openai-chat"; }
  void read_value(const nlohmann::json&, const RecordContext&, RecordSink& sink) override {
    sink.on_record_error("the openai-chat reader is not built yet");
  }
};
}  // namespace
std::unique_ptr<FormatReader> make_openai_chat_reader() { return std::make_unique<OpenAiChatReader>(); }
}  // namespace tracesift::import
