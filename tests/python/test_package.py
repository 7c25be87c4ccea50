"""The package surface: one version, an explicit __all__, the schemas shipped."""
import pathlib
import re

import tokten


def test_version_is_the_one_defined_in_the_header(root):
    header = (root / "include/tokten/version.hpp").read_text()
    assert re.search(r'#define TOKTEN_VERSION_STRING "([0-9.]+)"', header).group(1) == tokten.__version__


def test_all_lists_exactly_the_public_names():
    public = {name for name in vars(tokten) if not name.startswith("_")}
    modules = {"_core", "_documents", "_lsap"}
    assert set(tokten.__all__) - {"__version__"} == public - modules - {name for name in public if isinstance(getattr(tokten, name), type(tokten))}
    for name in tokten.__all__:
        assert hasattr(tokten, name), name


def test_schemas_ship_with_the_package():
    for kind in ("problem", "assignment", "policy"):
        schema = tokten.schema(kind)
        assert schema["properties"]["format"]["const"] == f"tokten.{kind}"


def test_tests_never_import_the_compiled_module_directly():
    here = pathlib.Path(__file__).parent
    for test in here.glob("test_*.py"):
        imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)(?:\s+import\s+([\w, ]+))?", test.read_text(), re.M)
        for module, names in imports:
            assert "_core" not in module and "_core" not in names, test.name
