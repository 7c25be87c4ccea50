# One bounded fuzz run from a fresh working corpus, so that every run (here, in CI, the next
# time) mutates the same seeds in the same order: the CTest command of each fuzz_NAME test.
#   cmake -DFUZZER=path -DWORK=dir "-DOPTIONS=-runs=N;..." "-DSEEDS=dir;..." -P bounded_run.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${FUZZER}" ${OPTIONS} "${WORK}" ${SEEDS} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the fuzz run failed (${status}); the failing input is in the artifacts folder named above")
endif()
