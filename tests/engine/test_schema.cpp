#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/store/schema.hpp"
#include "temp_path.hpp"

using namespace tracesift;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}
Errc open_error(const std::string& path) {
  try {
    Engine engine(path);
  } catch (const Error& e) {
    return e.code();
  }
  return Errc::internal;
}
}  // namespace

TEST_CASE("a new database gets the current schema and our application id", "[schema]") {
  test::TempPath path("schema-new");
  {
    Engine engine(path.str());
    CHECK(engine.database().query_int("PRAGMA user_version") == store::current_schema_version());
    CHECK(engine.database().query_int("PRAGMA application_id") == store::kApplicationId);
  }
  {
    Engine reopened(path.str());  // reopening migrates nothing and keeps working
    CHECK(reopened.count({}) == 0);
  }
}

TEST_CASE("a file that is not SQLite is refused and left unchanged", "[schema]") {
  test::TempPath path("schema-garbage");
  const std::string garbage = "this is not a database, just some text that is long enough to look like a header......";
  write_file(path.str(), garbage);
  CHECK(open_error(path.str()) == Errc::not_a_database);
  CHECK(read_file(path.str()) == garbage);
}

TEST_CASE("a foreign SQLite database is refused and left unchanged", "[schema]") {
  test::TempPath path("schema-foreign");
  {
    store::Database db(path.str());
    db.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');");
  }
  const std::string before = read_file(path.str());
  CHECK(open_error(path.str()) == Errc::not_a_database);
  CHECK(read_file(path.str()) == before);
}

TEST_CASE("a database from a newer engine is refused", "[schema]") {
  test::TempPath path("schema-newer");
  {
    Engine engine(path.str());
    engine.database().exec("PRAGMA user_version = 999");
  }
  CHECK(open_error(path.str()) == Errc::schema_too_new);
}
