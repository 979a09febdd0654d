"""A copy of a UA that stops mid-word keeps the asks that are whole."""

from __future__ import annotations

import pytest

from appeals.importing import _complete_asks

FIRST = "Free the three reporters at once"


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        # a clause that lost its last word keeps the rest
        (
            "free everyone held only for reporting the news an",
            ["free everyone held only for reporting the news"],
        ),
        # a sentence that lost its end is left out
        ("Ich bitte Sie, sie bis zu ihrer Freilassung v", []),
        # a whole request, even without a full stop, is kept
        ("Let them see their lawyers and families", ["Let them see their lawyers and families"]),
    ],
)
def test_the_ask_the_document_cut_off(last: str, expected: list[str]) -> None:
    text = f"Please write.\n- {FIRST}.\n- {last}"
    assert _complete_asks([FIRST + ".", last], text) == [FIRST + ".", *expected]


def test_an_ask_that_is_not_at_the_end_is_left_alone() -> None:
    asks = [FIRST, "free everyone held only for reporting the news an"]
    assert _complete_asks(asks, "- " + "\n- ".join(asks) + "\nBackground follows here.") == asks
