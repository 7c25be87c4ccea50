# The two commands of the README: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
BUILD  ?= build/cmake
JOBS   ?= 2
# Length of each exploratory fuzz run (make fuzz-explore); make test runs fixed seeds and counts.
FUZZ_SECONDS ?= 600
export CMAKE_BUILD_PARALLEL_LEVEL := $(JOBS)

.PHONY: demo test test-sanitizers test-fuzz fuzz-explore bootstrap build sanitizers fuzz python clean

# The main job on the built-in demo round: make the round, solve it end to end (scores,
# candidates, assignment, explanations), and write the programme report (the synthetic history's
# indicators and the round's policy comparison) as one HTML page; all under $(BUILD).
demo: build
	$(BUILD)/src/cli/tokten demo -o $(BUILD)/demo_round.json
	$(BUILD)/src/cli/tokten solve $(BUILD)/demo_round.json -o $(BUILD)/demo_assignment.json
	$(BUILD)/src/cli/tokten report --problem $(BUILD)/demo_round.json -o $(BUILD)/demo_report.html

# Every test: the C++ tests (Release), the same under AddressSanitizer and
# UndefinedBehaviorSanitizer, a bounded run of every fuzz target, then the Python tests.
test: build python
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-sanitizers test-fuzz
	TOKTEN_CLI=$(abspath $(BUILD))/src/cli/tokten TOKTEN_C_LIBRARY=$(abspath $(BUILD))/src/capi/libtokten_c.so \
	  $(PYTHON) -m pytest -q tests/python

test-sanitizers: sanitizers
	ctest --preset asan-ubsan -j $(JOBS)

# libFuzzer targets (clang), then the CSV reader under atheris: fixed seeds and input counts from
# fresh working folders, the same work on every machine (tests/fuzz/CMakeLists.txt).
test-fuzz: fuzz
	ctest --preset fuzz -j $(JOBS)
	rm -rf build/fuzz/csv_bounded
	PYTHONHASHSEED=0 $(PYTHON) tests/fuzz/python/problem_csv.py -runs=1200 -seed=1 -max_total_time=60 \
	  -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/ build/fuzz/csv_bounded tests/fuzz/python/regressions

# Looks for new bugs: each target for FUZZ_SECONDS with a random seed (scripts/fuzz_explore.sh).
fuzz-explore: fuzz python
	@PYTHON=$(PYTHON) scripts/fuzz_explore.sh $(FUZZ_SECONDS)

bootstrap:
	@PYTHON=$(PYTHON) scripts/bootstrap.sh

build: bootstrap
	@cmake --preset release -B $(BUILD) --log-level=WARNING
	cmake --build $(BUILD)

sanitizers: bootstrap
	@cmake --preset asan-ubsan --log-level=WARNING
	cmake --build --preset asan-ubsan

fuzz: bootstrap
	@cmake --preset fuzz --log-level=WARNING
	cmake --build --preset fuzz

# Installs the Python package (tokten._core and the tokten CLI) into the current Python.
python: bootstrap
	$(PYTHON) -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-build-isolation .

clean:
	rm -rf build
