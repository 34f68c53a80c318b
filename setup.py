"""setuptools' entry point: the project is described in pyproject.toml; this only adds
the opt-in compiled core (SITE_BUILDER_COMPILE=1, see build_backend/compiled_build.py)."""

import os
import sys

from setuptools import setup

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build_backend"))
from compiled_build import setup_arguments

setup(**setup_arguments())
