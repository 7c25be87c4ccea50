// The libFuzzer entry point for every target of targets.hpp: one executable (one compile of the
// headers), the target named by the environment variable TOKTEN_FUZZ_TARGET, for example
//   TOKTEN_FUZZ_TARGET=solve build/fuzz/fuzz/tokten_fuzz -max_total_time=60 CORPUS_DIR
//   TOKTEN_FUZZ_TARGET=solve build/fuzz/fuzz/tokten_fuzz CRASH_FILE       (replays one input)
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "targets.hpp"

namespace {
tokten::fuzz::Target target = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* name = std::getenv("TOKTEN_FUZZ_TARGET");
  for (const auto& t : tokten::fuzz::kTargets)
    if (name && t.name == std::string_view(name)) target = t.run;
  if (!target) {
    std::fprintf(stderr, "tokten_fuzz: set TOKTEN_FUZZ_TARGET to one of:");
    for (const auto& t : tokten::fuzz::kTargets) std::fprintf(stderr, " %.*s", static_cast<int>(t.name.size()), t.name.data());
    std::fprintf(stderr, "\n");
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    target(data, size);
  } catch (const tokten::fuzz::Finding& finding) {
    std::fprintf(stderr, "tokten fuzz finding: %s\n", finding.what());
    std::abort();  // libFuzzer saves the input as a crash
  } catch (const std::exception& e) {
    // The targets catch every expected refusal; anything else escaping is a bug.
    std::fprintf(stderr, "tokten fuzz: unexpected exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
