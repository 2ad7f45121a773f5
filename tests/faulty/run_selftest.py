#!/usr/bin/env python3
"""The self-test driver, where tests/faulty/CMakeLists.txt runs it; the
driver itself is ci/iovcheck_ci/selftest.py (--help for its usage)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ci"))
from iovcheck_ci import cli, selftest  # noqa: E402

cli.run_tool("run_selftest.py", selftest.main)
