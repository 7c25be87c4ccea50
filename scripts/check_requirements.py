"""Exit 0 when every requirement in the given file is installed at an acceptable version.

Lets bootstrap.sh skip pip entirely (a second or two saved) when nothing is missing.
Understands the simple 'name>=version' lines that requirements-dev.txt uses.
"""
import re
import sys
from importlib import metadata


def version_tuple(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def satisfied(line):
    match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(?:>=\s*([0-9.]+))?", line)
    if not match:
        return False  # an unusual line: let pip decide
    name, minimum = match.groups()
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return minimum is None or version_tuple(installed) >= version_tuple(minimum)


def main(path):
    with open(path, encoding="utf-8") as requirements:
        lines = [line.split("#")[0].strip() for line in requirements]
    return 0 if all(satisfied(line) for line in lines if line) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
