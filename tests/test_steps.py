"""The steps over one record (issue 15, item 1): list, skip, add, swap, counters; and the
garbage collector left alone by a library call, paused by the batch runner."""

from __future__ import annotations

import dataclasses
import gc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe.batch import Options, Task, collector_paused, run_task
from dedupe.cli import main
from dedupe.config import Config
from dedupe.match import exhaustive_matches
from dedupe.steps import MatchUnits, State, Step, Steps, default_steps

from . import adversarial as adv

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
POST = "A title\n\nOne paragraph of text.\n"


def _readme_steps() -> list[str]:
    """The first column of the README's table of steps."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| step | module | in -> out |") + 2
    names = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        names.append(line.split("|")[1].strip())
    return names


def test_the_readme_table_lists_the_steps_in_order() -> None:
    assert _readme_steps() == default_steps().names()


def test_dedupe_steps_lists_each_step_on_one_line() -> None:
    result = CliRunner().invoke(main, ["steps"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == default_steps().names()
    assert all(len(line.split(None, 1)) == 2 for line in lines)  # a name, then what it does
    module = subprocess.run([sys.executable, "-m", "dedupe.steps"], capture_output=True, text=True, check=True)
    assert module.stdout == result.output


#: A pull quote repeating its paragraph: the repeat pass merges it into the paragraph.
PULL_QUOTE = ("""#Rebuilding the Harbour Bridge
The old bridge had stood for ninety years before the council voted to replace it. Engineers spent two winters """
              """testing the foundations.
"Engineers spent two winters testing the foundations."
The final bill came to far more than the first estimate.
""")


def test_skipping_repeats_is_merge_repeats_off() -> None:
    skipped = dedupe.normalize_text(PULL_QUOTE, steps=default_steps().without("repeats"))
    off = dedupe.normalize_text(PULL_QUOTE, config=Config(merge_repeats=False))
    assert _without_config(skipped) == _without_config(off)
    assert _without_config(skipped) != _without_config(dedupe.normalize_text(PULL_QUOTE))


def _without_config(doc: dedupe.Document) -> dict[str, object]:
    data = doc.model_dump(mode="json")
    del data["report"]["config"]
    return data


@pytest.mark.parametrize("name", default_steps().skippable())
def test_every_skippable_step_can_be_skipped(name: str) -> None:
    doc = dedupe.normalize_file(SEED, steps=default_steps().without(name))
    assert doc.sections


def test_a_step_the_output_needs_cannot_be_skipped() -> None:
    assert default_steps().skippable() == ["content", "metadata", "references", "repeats", "citations"]
    with pytest.raises(ValueError, match="cannot be skipped"):
        default_steps().without("match")
    with pytest.raises(KeyError, match="no step named"):
        default_steps().without("nonsense")


class CountBlocks(Step):
    """An added step: counts the output blocks of the record it is handed, and changes nothing."""

    name = "count-blocks"
    description = "counts the blocks the record holds"

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int] = []

    def run(self, state: State) -> State:
        self.seen.append(len(state.blocks))
        return state


def test_an_added_step_runs_where_it_was_put_and_changes_nothing() -> None:
    counter = CountBlocks()
    steps = default_steps().inserted(counter, after="merge")
    assert steps.names()[steps.names().index("merge") + 1] == "count-blocks"
    doc = dedupe.normalize_file(SEED, steps=steps)
    assert doc.to_json() == dedupe.normalize_file(SEED).to_json()
    out = default_steps().run(State(data=SEED.read_bytes(), path=str(SEED)))
    assert counter.seen == [len(out.blocks)] and counter.counters.calls == 1
    assert out.document is not None and out.document.to_json() == doc.to_json()
    before = default_steps().inserted(CountBlocks(), before="decode")
    assert before.names()[0] == "count-blocks"
    with pytest.raises(ValueError, match="unique"):
        steps.inserted(CountBlocks(), before="assemble")
    with pytest.raises(ValueError, match="exactly one"):
        default_steps().inserted(CountBlocks())


def test_a_swapped_match_step_is_used() -> None:
    calls: list[int] = []

    def exhaustive(units, config):  # type: ignore[no-untyped-def]
        calls.append(len(units))
        return exhaustive_matches(units, config)

    steps = default_steps().replaced(MatchUnits(exhaustive))
    text = SEED.read_text(encoding="utf-8")
    assert dedupe.normalize_text(text, steps=steps).to_json() == dedupe.normalize_text(text).to_json()
    assert len(calls) == 1


def test_each_step_counts_what_it_did() -> None:
    steps = default_steps()
    doc = dedupe.normalize_file(SEED, steps=steps)
    assert all(step.counters.calls == 1 and step.counters.seconds > 0 for step in steps)
    report = doc.report
    assert steps["decode"].counters.items_in == doc.source.size
    units = steps["units"].counters.items_out
    assert units > 0 and steps["match"].counters.items_in == units
    assert steps["copies"].counters.items_out == report.copies_detected == 2
    assert steps["assemble"].counters.items_out == report.blocks_out
    assert steps["citations"].counters.items_out == len(doc.citations)
    dedupe.normalize_file(SEED, steps=steps)  # counters add up over the records a list runs
    assert steps["assemble"].counters.calls == 2
    assert steps["assemble"].counters.items_out == 2 * report.blocks_out


def test_over_the_budget_the_record_goes_back_to_match_once() -> None:
    steps = default_steps()
    doc = dedupe.normalize_text(adv.near_duplicate_post(1000), steps=steps)
    assert doc.report.fallback is not None
    assert steps["match"].counters.calls == 2  # fuzzy, then exact only
    assert steps["units"].counters.calls == 1 and steps["assemble"].counters.calls == 1


def test_the_record_is_frozen() -> None:
    state = State(given_text=POST)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.fmt = "html"  # type: ignore[misc]
    out = default_steps().run(state)
    assert state.document is None and out.document is not None
    assert out.document.to_json() == dedupe.normalize_text(POST).to_json()


def test_a_step_that_needs_an_earlier_one_says_which() -> None:
    with pytest.raises(ValueError, match="'decode' step must run"):
        default_steps().run(State(given_text=POST), start="ingest")


class AssertCollector(Step):
    name = "collector"
    description = "records whether the garbage collector is on"

    def __init__(self) -> None:
        super().__init__()
        self.enabled: list[bool] = []

    def run(self, state: State) -> State:
        self.enabled.append(gc.isenabled())
        return state


def test_a_library_call_leaves_the_garbage_collector_alone() -> None:
    probe = AssertCollector()
    steps: Steps = default_steps().inserted(probe, before="assemble")
    assert gc.isenabled()
    dedupe.normalize_text(POST, steps=steps)
    assert gc.isenabled() and probe.enabled == [True]
    frozen = gc.get_freeze_count()
    dedupe.normalize_text(POST)
    assert gc.get_freeze_count() == frozen


def test_the_batch_runner_pauses_the_collector_per_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedupe.batch

    seen: list[bool] = []
    real = dedupe.batch.normalize_file

    def probe(*args: object, **kwargs: object) -> dedupe.Document:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dedupe.batch, "normalize_file", probe)
    src = tmp_path / "post.txt"
    src.write_text(POST, encoding="utf-8")
    outcome = run_task(Task(str(src), None), Options(Config()))
    assert outcome.error is None and seen == [False] and gc.isenabled()


def test_the_paused_collector_is_switched_back_on_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a step failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            dedupe.normalize_text(POST)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    with collector_paused():
        dedupe.normalize_text(POST)
    assert gc.get_freeze_count() == 0
