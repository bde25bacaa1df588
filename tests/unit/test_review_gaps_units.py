"""Unit tests a mutation review found missing (text direction, slugs, uncertain dates)."""

from __future__ import annotations

from datetime import date

import pytest

from heritage.text import slugify, text_direction
from heritage.vocab.uncertain_dates import UncertainDate, parse_uncertain_date

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "direction"),
    [("Palmyra (تدمر)", "ltr"), ("تدمر (Palmyra)", "rtl"), ("5 Tell تل", "ltr")],
)
def test_the_first_strong_letter_decides_a_mixed_text(text, direction):
    assert text_direction(text) == direction


def test_a_slug_cut_to_its_length_does_not_end_in_a_hyphen():
    assert slugify("x" * 99 + " tell") == "x" * 99


def test_a_year_below_100_keeps_four_digits_so_it_reads_back_as_a_year():
    when = UncertainDate.from_edtf("0079")

    assert when.words() == "0079"
    assert parse_uncertain_date(when.words(), today=TODAY).edtf == "0079"


def test_before_part_of_a_month_includes_that_part():
    assert parse_uncertain_date("before late May 2015", today=TODAY) == UncertainDate(
        "../2015-05-31", None, date(2015, 5, 31)
    )


def test_a_quiet_stretch_only_three_times_the_typical_gap_is_not_shortened():
    """QUIET_FACTOR is 4: a year between changes, then three quiet years, keeps a linear axis."""
    from tests.unit.sites.test_conflicts import claim
    from tests.unit.sites.test_timeline import timeline_of

    timeline = timeline_of(
        [
            claim(1, "A", "2000-01-01", "2001-01-01"),
            claim(2, "B", "2001-01-01", "2002-01-01"),
            claim(3, "C", "2002-01-01", "2005-01-01"),
            claim(4, "D", "2005-01-01", "2005-02-01"),
        ]
    )

    assert timeline.breaks == ()


def test_check_all_raises_every_refusal_together_and_one_alone():
    from heritage.rules import RuleViolation, RuleViolations, check_all

    def refuse(field: str):
        def check():
            raise RuleViolation(f"bad {field}", field)

        return check

    check_all(lambda: None, lambda: None)
    with pytest.raises(RuleViolation) as one:
        check_all(refuse("start"), lambda: None)
    with pytest.raises(RuleViolations) as both:
        check_all(refuse("start"), lambda: None, refuse("end"))

    assert not isinstance(one.value, RuleViolations)
    assert one.value.field == "start"
    assert [v.field for v in both.value.violations] == ["start", "end"]
    assert both.value.message == "bad start bad end"
