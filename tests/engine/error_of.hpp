// The engine error a call throws, for tests that check codes and fields.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "engine/error.hpp"

namespace tracesift::test {

/// The code and field of the tracesift::Error that `fn` throws, or {internal, "<no error>"} when
/// it throws none.
inline std::pair<Errc, std::string> error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return {e.code(), e.field()};
  }
  return {Errc::internal, "<no error>"};
}

/// The tracesift::Error that `fn` throws (message included), or Error{internal, "<no error>"} when
/// it throws none.
inline Error thrown_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  return Error(Errc::internal, "<no error>");
}

}  // namespace tracesift::test
