# Installs the built tree into a fresh prefix, then configures, builds and runs examples/consumer
# against it with find_package(tokten CONFIG REQUIRED).
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
foreach(f include/tokten/tokten.hpp lib/cmake/tokten/toktenConfig.cmake
          share/tokten/schemas/problem.schema.json bin/tokten)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "install is missing ${f}")
  endif()
endforeach()

run(${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/tokten_consumer")
if(NOT last_output MATCHES "experts")
  message(FATAL_ERROR "consumer printed an unexpected summary:\n${last_output}")
endif()
message(STATUS "consumer output:\n${last_output}")
