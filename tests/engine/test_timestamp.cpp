#include <catch2/catch.hpp>

#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_timestamp {

using tracesift::format_rfc3339;
using tracesift::parse_rfc3339;

TEST_CASE("RFC 3339 parses UTC with nanoseconds", "[timestamp]") {
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339("2025-01-02T03:04:05.123456789Z") == 1735787045123456789LL);
  CHECK(parse_rfc3339("2025-01-02T03:04:05.1Z") == 1735787045100000000LL);
  CHECK(parse_rfc3339("2025-01-02t03:04:05z") == 1735787045000000000LL);
}

TEST_CASE("RFC 3339 offsets convert to UTC", "[timestamp]") {
  CHECK(parse_rfc3339("2025-01-02T05:04:05+02:00") == parse_rfc3339("2025-01-02T03:04:05Z"));
  CHECK(parse_rfc3339("2025-01-01T22:04:05-05:00") == parse_rfc3339("2025-01-02T03:04:05Z"));
}

TEST_CASE("RFC 3339 rejects malformed text", "[timestamp]") {
  for (const char* bad :
       {"", "2025-01-02", "2025-01-02T03:04:05", "2025-13-02T03:04:05Z", "2025-02-30T00:00:00Z", "2025-01-02T24:00:00Z",
        "2025-01-02T03:04:05.Z", "2025-01-02T03:04:05Zjunk", "yesterday", "2025-01-02T03:04:05+2:00"}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc3339(bad).has_value());
  }
  CHECK(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_rfc3339("2023-02-29T00:00:00Z").has_value());
}

TEST_CASE("RFC 3339 formatting keeps the precision the value needs", "[timestamp]") {
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(1735787045123000000LL) == "2025-01-02T03:04:05.123Z");
  CHECK(format_rfc3339(1735787045123456000LL) == "2025-01-02T03:04:05.123456Z");
  CHECK(format_rfc3339(1735787045123456789LL) == "2025-01-02T03:04:05.123456789Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59.999999999Z");
}

TEST_CASE("RFC 3339 round-trips across centuries", "[timestamp]") {
  for (int64_t ns : {0LL, 951782400000000000LL, 4102444800000000001LL, -2208988800000000000LL}) {
    CHECK(parse_rfc3339(format_rfc3339(ns)) == ns);
  }
}

}  // namespace test_timestamp
