"""The unspin benchmark suite: ``python -m bench [--quick] [--out bench/RESULTS.md]``.

It lives outside the package because it needs the research-only data in ``../shared/data``,
which is read from there and never shipped; see ``bench/suite.py`` for the sections and sizes.
"""
