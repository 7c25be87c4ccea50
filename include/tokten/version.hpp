#pragma once
// The one place the version is defined. CMakeLists.txt and pyproject.toml read it from here.
#define TOKTEN_VERSION_STRING "0.1.0"

namespace tokten {
inline constexpr const char* version = TOKTEN_VERSION_STRING;
}  // namespace tokten
