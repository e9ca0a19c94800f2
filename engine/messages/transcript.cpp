// "role: text" transcripts: a conversation written as text, one message per line that starts
// with a role (the Langfuse SDK's generation input of some frameworks, e.g. AutoGen and Agno).
#include "detail.hpp"

namespace tracesift::messages::detail {

namespace {

constexpr std::string_view kTranscriptRoles[] = {"system", "developer", "user", "assistant", "tool"};

// The role a line starts with ("user: ..."), and where its text starts; nullopt for other lines.
std::optional<std::pair<std::string_view, size_t>> line_role(std::string_view line) {
  for (const auto role : kTranscriptRoles) {
    if (line.size() > role.size() && line.substr(0, role.size()) == role && line[role.size()] == ':' &&
        (line.size() == role.size() + 1 || line[role.size() + 1] == ' ')) {
      return std::pair{role, std::min(line.size(), role.size() + 2)};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Json> transcript_messages(const std::string& text) {
  const std::string_view all(text);
  if (!line_role(all.substr(0, all.find('\n')))) return std::nullopt;
  Json out = Json::array();
  std::string role;
  std::string content;
  const auto flush = [&] {
    if (role.empty()) return;
    // Python's None: the message had no text (an assistant turn that only called tools).
    out.push_back(make_message(canonical_role(role), content == "None" ? Json(nullptr) : Json(content)));
  };
  size_t start = 0;
  while (start < all.size()) {
    const size_t end = std::min(all.find('\n', start), all.size());
    const std::string_view line = all.substr(start, end - start);
    if (const auto r = line_role(line)) {
      flush();
      role = std::string(r->first);
      content = std::string(line.substr(r->second));
    } else {
      content += '\n';
      content += line;
    }
    start = end + 1;
  }
  flush();
  return out;
}

}  // namespace tracesift::messages::detail
