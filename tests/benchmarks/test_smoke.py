"""The benchmarks run end to end in a tiny configuration and end with their name=value line.

Not a timing test: ``make bench`` measures; this only keeps the scripts working.
"""

from __future__ import annotations

import pytest

from benchmarks import documents, fairness, growth, reminders, soak, throughput
from benchmarks.harness import parse_summary


def last_line(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    lines = capsys.readouterr().out.strip().splitlines()
    return parse_summary(lines[-1])


def test_throughput_drives_all_four_bots(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--updates", "40", "--limit-updates", "0", "--rounds", "1", "--concurrency", "4"]
    assert throughput.main(argv) == 0
    figures = last_line(capsys)
    assert figures["cap_failed"] == "0"
    assert figures["cap_429"] == "0"
    for kind in ("echo", "aiogram", "replay", "ours"):
        assert float(figures[f"cap_{kind}_ups"]) > 0
        assert float(figures[f"cap_{kind}_p99_ms"]) > 0
    assert float(figures["cap_ratio"]) > 0
    assert float(figures["cap_ratio_aiogram"]) > 0


def test_fairness_measures_a_third_user_during_a_flood_and_a_burst(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--flood", "60", "--reminders", "30", "--seconds", "1.5", "--latency", "0"]
    assert fairness.main(argv) == 0
    figures = last_line(capsys)
    assert int(figures["flood_all_asks"]) > 0
    assert int(figures["burst_asks"]) > 0
    assert figures["flood_all_unanswered"] == figures["burst_unanswered"] == "0"
    assert int(figures["flood_answers"]) > 0


def test_reminders_are_sent_once_each_and_start_up_is_measured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert reminders.main(["--due", "40", "--pending", "500"]) == 0
    figures = last_line(capsys)
    assert figures["due_sent"] == "40"
    assert figures["due_lost"] == "0"
    assert figures["due_duplicates"] == "0"
    assert figures["due_429"] == "0"
    assert int(figures["due_busiest_second"]) <= reminders.FLOOD_LIMIT
    assert 0 < float(figures["start_s"]) < 30
    assert 0 < float(figures["start_peak_rss_mb"]) < 1000


def test_growth_measures_each_operation_on_a_small_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert growth.main(["--sizes", "300"]) == 0
    figures = last_line(capsys)
    for key in ("first_answer_s", "start_ms", "tap_ms", "forget_ms", "stats_ms", "retention_ms"):
        assert float(figures[f"{key}_300"]) > 0, key
    assert float(figures["retention_rows_300"]) > 0
    assert float(figures["peak_rss_mb_300"]) > 0


def test_the_soak_kills_and_rides_out_an_outage(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--due", "80", "--kills", "1", "--outage", "2", "--outage-after", "0.5"]
    assert soak.main([*argv, "--retry-max", "1"]) == 0
    figures = last_line(capsys)
    assert figures["soak_lost"] == "0"
    assert figures["soak_failed"] == "0"
    assert int(figures["soak_duplicates"]) <= 1


@pytest.mark.parametrize("cold", [False, True])
def test_documents_makes_the_chart_and_the_pdf(
    capsys: pytest.CaptureFixture[str], cold: bool
) -> None:
    assert documents.main(["--rounds", "2", *(["--cold"] if cold else [])]) == 0
    figures = last_line(capsys)
    for name in ("docs_first_s", "docs_warm_s", "docs_page_cpu_s", "docs_chart_s"):
        assert float(figures[name]) > 0
    assert float(figures["docs_process_mb"]) > 0
    assert float(figures["docs_extra_mb"]) >= 0
    assert (float(figures["docs_warm_up_s"]) == 0) is cold
