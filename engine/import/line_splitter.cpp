#include "line_splitter.hpp"

#include <cstring>

namespace tracesift::import {

bool LineSplitter::emit(std::string_view line, LineSink& sink) {
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line_number_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  return sink.on_line(line, line_number_);
}

size_t LineSplitter::feed(std::string_view chunk, LineSink& sink) {
  size_t pos = 0;
  while (pos < chunk.size()) {
    const void* nl = std::memchr(chunk.data() + pos, '\n', chunk.size() - pos);
    const size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - chunk.data()) : chunk.size();
    const std::string_view piece = chunk.substr(pos, end - pos);
    if (!nl) {
      // The line continues in a later chunk: keep it, unless it is already too long.
      pending_bytes_ += piece.size();
      if (!dropping_ && pending_bytes_ > max_line_bytes_) {
        dropping_ = true;
        std::string().swap(pending_);
      }
      if (!dropping_) pending_.append(piece);
      break;
    }
    const uint64_t total = pending_bytes_ + piece.size();
    bool go_on = true;
    if (dropping_ || total > max_line_bytes_) {
      ++line_number_;
      sink.on_oversized_line(line_number_, total);
    } else if (pending_.empty()) {
      go_on = emit(piece, sink);  // the common case: the whole line is inside this chunk, no copy
    } else {
      pending_.append(piece);
      go_on = emit(pending_, sink);
    }
    pending_.clear();
    pending_bytes_ = 0;
    dropping_ = false;
    pos = end + 1;
    if (!go_on) return pos;
  }
  return chunk.size();
}

void LineSplitter::finish(LineSink& sink) {
  if (dropping_) {
    ++line_number_;
    sink.on_oversized_line(line_number_, pending_bytes_);
  } else if (pending_bytes_ > 0) {
    emit(pending_, sink);
  }
  std::string().swap(pending_);
  pending_bytes_ = 0;
  dropping_ = false;
}

}  // namespace tracesift::import
