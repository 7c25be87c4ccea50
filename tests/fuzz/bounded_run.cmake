# One bounded fuzz run from a fresh working corpus, so that each run starts where CI starts: the
# CTest command of each fuzz_NAME test.
#   cmake -DFUZZER=path -DWORK=dir -DARTIFACTS=dir "-DOPTIONS=-runs=N;..." "-DSEEDS=dir;..." -P bounded_run.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}" "${ARTIFACTS}")
execute_process(COMMAND "${FUZZER}" ${OPTIONS} "-artifact_prefix=${ARTIFACTS}/" "${WORK}" ${SEEDS}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the fuzz run failed (${status}); the failing input is in ${ARTIFACTS}")
endif()
