"""The README's facts that code decides stay true: commands run from a fresh clone, the
schema number in the /healthz example, no hand-typed count of frequent questions."""

import re

from tgbot.config import REPO_ROOT
from tgbot.storage.migrations import SCHEMA_VERSION

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_runs_the_bot_from_the_venv_or_make() -> None:
    # A bare `python bot.py` fails in a fresh clone (the packages are in .venv). The one
    # exception is inside the Docker image, which has no .venv.
    bare = [
        line
        for line in README.splitlines()
        if re.search(r"(?<![/\w.])python3? (bot\.py|-m (?!venv))", line)
        and "HEALTHCHECK" not in line
    ]
    assert bare == []


def test_the_healthz_example_has_the_current_schema() -> None:
    (shown,) = re.findall(r'"schema version (\d+)"', README)
    assert int(shown) == SCHEMA_VERSION


def test_no_typed_count_of_frequent_questions() -> None:
    assert not re.search(r"\b\d+ frequent questions|are \d+ \(`content/questions/`\)", README)
