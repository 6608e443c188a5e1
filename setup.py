"""Build hook, beside pyproject.toml: the wheel carries schema/*.json inside the package.

schema/ stays the one copy of each schema in the repository (editors' tools
read it there); an installed package finds its copy at garanti/schema/.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


class BuildWithSchemas(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "garanti" / "schema"
        self.mkpath(str(target))
        for schema in sorted(SCHEMA_DIR.glob("*.json")):
            self.copy_file(str(schema), str(target / schema.name))


setup(cmdclass={"build_py": BuildWithSchemas})
