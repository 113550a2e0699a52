"""SIGKILL at random moments of `frontline index add`: the index always opens, answers, agrees with itself."""

import os

from .crash_harness import run_trials, top_passage


def test_index_survives_kill_trials(tmp_path, service_factory):
    trials = int(os.environ.get("FRONTLINE_KILL_TRIALS", "20"))
    index = tmp_path / "index"

    def ask(question: str) -> str:
        return top_passage(service_factory(index).ask(question))

    log = run_trials(index, tmp_path / "corpus", trials, "multilingual-e5-small", ask, echo=print)
    assert log.failures == []
    assert log.survived == log.run == trials
    assert log.killed_while_writing >= trials // 3, "too few kills landed while a write or merge was open"
