"""Collection rules for the whole suite (tests/ and the doctests of src/).

The optional adapters' modules import their library at the top; without that extra
installed (`pip install -e '.[test]'` alone, the README's test command) their doctests
are not collected instead of failing to import. Their tests in tests/ skip with a reason
unless DEDUPE_REQUIRE_EXTRAS is set, as .ci/run sets it.
"""

from __future__ import annotations

import importlib.util

collect_ignore = [
    path for path, module in (("src/dedupe/corpus/datatrove_step.py", "datatrove"),)
    if importlib.util.find_spec(module) is None
]
