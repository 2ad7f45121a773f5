"""The Python package behind the tools of ci/."""
