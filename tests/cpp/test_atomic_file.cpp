// Atomic output: new content appears whole, a failure leaves the earlier file intact.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "tokten/io/atomic_file.hpp"

namespace fs = std::filesystem;

namespace {

std::string content_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("tokten-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a new file is written, an old one replaced, and no temporary is left") {
  const fs::path dir = fresh_dir("write");
  const fs::path file = dir / "out.json";
  tokten::io::write_file_atomically(file, "first");
  CHECK(content_of(file) == "first");
  tokten::io::write_file_atomically(file, "second, longer");
  CHECK(content_of(file) == "second, longer");
  CHECK(entries(dir) == 1);
  fs::remove_all(dir);
}

TEST_CASE("a failed write leaves the earlier output intact") {
  const fs::path dir = fresh_dir("fail");
  const fs::path target = dir / "taken";
  fs::create_directories(target);  // the target is a directory: the write must fail
  CHECK_THROWS_WITH(tokten::io::write_file_atomically(target, "x"), Catch::Contains("is a directory"));
  CHECK(fs::is_directory(target));
  CHECK(entries(dir) == 1);
  CHECK_THROWS_WITH(tokten::io::write_file_atomically(dir / "missing" / "out.json", "x"),
                    Catch::Contains("cannot write"));
  CHECK(entries(dir) == 1);
  fs::remove_all(dir);
}
