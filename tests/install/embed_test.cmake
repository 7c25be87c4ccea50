# Installs the built tree into a fresh prefix, then configures, builds and runs examples/embed
# against it with find_package(tokten CONFIG REQUIRED), as an outside project would. The
# embedded solves, from C++ and through the C ABI, must write the same assignment document as
# the installed CLI.
#   -DTOKTEN_BINARY_DIR=... -DEMBED_SOURCE_DIR=... -DROUND=... -DWORK_DIR=... -DGENERATOR=...
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${TOKTEN_BINARY_DIR}" --prefix "${prefix}")
file(GLOB c_library "${prefix}/lib*/libtokten_c.so*")
if(NOT c_library)
  message(FATAL_ERROR "install is missing libtokten_c")
endif()
foreach(f include/tokten/tokten.hpp include/tokten/tokten_c.h lib/cmake/tokten/toktenConfig.cmake
          lib/cmake/tokten/toktenConfigVersion.cmake share/tokten/schemas/problem.schema.json bin/tokten)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "install is missing ${f}")
  endif()
endforeach()

run(${CMAKE_COMMAND} -S "${EMBED_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")

# The readable table names the round and each pair.
run("${WORK_DIR}/build/tokten_embed" "${ROUND}")
if(NOT last_output MATCHES "-> [^ ]+  score [0-9.]+" OR NOT last_output MATCHES "pairs, total score")
  message(FATAL_ERROR "tokten_embed printed an unexpected table:\n${last_output}")
endif()
message(STATUS "tokten_embed output:\n${last_output}")

# The document equals the installed CLI's, byte for byte, from C++ and through the C ABI.
run("${prefix}/bin/tokten" solve "${ROUND}" -o "${WORK_DIR}/cli_assignment.json")
file(READ "${WORK_DIR}/cli_assignment.json" from_cli)
foreach(program tokten_embed tokten_embed_c)
  if(program STREQUAL "tokten_embed")
    run("${WORK_DIR}/build/${program}" "${ROUND}" --json)
  else()
    run("${WORK_DIR}/build/${program}" "${ROUND}")
  endif()
  if(NOT last_output STREQUAL from_cli)
    message(FATAL_ERROR "${program} and the installed CLI disagree:\n${last_output}\n---\n${from_cli}")
  endif()
endforeach()

# A bad document: the C program prints the error as JSON with its pointer, exit code 1.
file(WRITE "${WORK_DIR}/bad_round.json" "{\"format\": \"tokten.problem\", \"format_version\": 1, \"taxonomy\": 3}")
execute_process(COMMAND "${WORK_DIR}/build/tokten_embed_c" "${WORK_DIR}/bad_round.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 1 OR NOT err MATCHES "\"pointer\": *\"/taxonomy\"")
  message(FATAL_ERROR "tokten_embed_c on a bad round: exit ${rc}\n${err}")
endif()

# A C program asks for the C ABI only, and needs none of the C++ dependencies: it configures
# with Boost, Eigen and nlohmann_json made unfindable.
file(WRITE "${WORK_DIR}/c_only/CMakeLists.txt"
  "cmake_minimum_required(VERSION 3.21)\nproject(c_only LANGUAGES C)\n"
  "find_package(tokten CONFIG REQUIRED COMPONENTS c)\n"
  "add_executable(tokten_embed_c \"${EMBED_SOURCE_DIR}/embed_c.c\")\n"
  "target_link_libraries(tokten_embed_c PRIVATE tokten::tokten_c)\n")
run(${CMAKE_COMMAND} -S "${WORK_DIR}/c_only" -B "${WORK_DIR}/c_only/build" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_Eigen3=ON -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/c_only/build")
run("${WORK_DIR}/c_only/build/tokten_embed_c" "${ROUND}")
if(NOT last_output STREQUAL from_cli)
  message(FATAL_ERROR "the C-only build disagrees with the CLI:\n${last_output}")
endif()
# ... and a C++ consumer cannot do without them: the request fails on the dependency.
execute_process(COMMAND ${CMAKE_COMMAND} -S "${EMBED_SOURCE_DIR}" -B "${WORK_DIR}/no_boost" -G "${GENERATOR}"
                "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "Boost")
  message(FATAL_ERROR "a C++ consumer configured without Boost:\n${out}\n${err}")
endif()

# A version the package does not satisfy is refused by find_package.
file(WRITE "${WORK_DIR}/too_new/CMakeLists.txt"
  "cmake_minimum_required(VERSION 3.21)\nproject(too_new LANGUAGES CXX)\nfind_package(tokten 99 CONFIG REQUIRED)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${WORK_DIR}/too_new" -B "${WORK_DIR}/too_new/build" -G "${GENERATOR}"
                "-DCMAKE_PREFIX_PATH=${prefix}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "version")
  message(FATAL_ERROR "find_package(tokten 99) should fail on the version:\n${out}\n${err}")
endif()
