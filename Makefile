# The two commands of the README: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
BUILD  ?= build/cmake
JOBS   ?= 2
export CMAKE_BUILD_PARALLEL_LEVEL := $(JOBS)

.PHONY: demo test bootstrap build python clean

# The main job on the built-in demo round: make the round, then solve it end to end (scores,
# candidates, assignment, explanations); both documents are written under $(BUILD).
demo: build
	$(BUILD)/src/cli/tokten demo -o $(BUILD)/demo_round.json
	$(BUILD)/src/cli/tokten solve $(BUILD)/demo_round.json -o $(BUILD)/demo_assignment.json

test: build python
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	TOKTEN_CLI=$(abspath $(BUILD))/src/cli/tokten $(PYTHON) -m pytest -q tests/python

bootstrap:
	@PYTHON=$(PYTHON) scripts/bootstrap.sh

build: bootstrap
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release --log-level=WARNING
	cmake --build $(BUILD)

# Installs the Python package (tokten._core and the tokten CLI) into the current Python.
python: bootstrap
	$(PYTHON) -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-build-isolation .

clean:
	rm -rf build
