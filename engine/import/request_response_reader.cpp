// PLACEHOLDER (being written): request-response reader.
#include "format_reader.hpp"

namespace tracesift::import {
namespace {
class RequestResponseReader final : public FormatReader {
 public:
  std::string_view name() const override { return "request-response"; }
  void read_value(const nlohmann::json&, const RecordContext&, RecordSink& sink) override {
    sink.on_record_error("the request-response reader is not built yet");
  }
};
}  // namespace
std::unique_ptr<FormatReader> make_request_response_reader() { return std::make_unique<RequestResponseReader>(); }
}  // namespace tracesift::import
