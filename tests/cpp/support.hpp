#pragma once
// Shared test helpers.
#include <string>

#include <catch2/catch.hpp>

#include "tokten/error.hpp"

/// Runs `action`, which must throw an InputError at `pointer` whose message contains `fragment`.
template <class Action>
void require_input_error(Action&& action, const std::string& pointer, const std::string& fragment) {
  try {
    action();
    FAIL("expected an InputError at " << pointer);
  } catch (const tokten::InputError& e) {
    INFO("message: " << e.what());
    CHECK(e.pointer() == pointer);
    CHECK_THAT(e.what(), Catch::Contains(fragment));
  }
}
