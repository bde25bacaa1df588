"""Vocabulary terms: stable codes with English and Arabic labels, seeded by a migration."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, composite, mapped_column

from heritage import translate
from heritage.extensions import Model
from heritage.vocab.uncertain_dates import UncertainDate


class Vocabulary(enum.StrEnum):
    """The controlled lists; which terms each holds is data in the ``terms`` table."""

    CAUSE_CATEGORY = "cause_category"
    CAUSE = "cause"
    EFFECT = "effect"
    EXTENT = "extent"
    SEVERITY = "severity"
    UNOSAT_CLASS = "unosat_class"
    CONDITION = "condition"
    CERTAINTY = "certainty"
    CLAIM_STATUS = "claim_status"
    ACTOR_TYPE = "actor_type"
    ASSESSMENT_METHOD = "assessment_method"
    DATE_QUALIFIER = "date_qualifier"
    DATE_PRECISION = "date_precision"
    SOURCE_TYPE = "source_type"
    SOURCE_RELIABILITY = "source_reliability"
    INFORMATION_CREDIBILITY = "information_credibility"


class Term(Model):
    """One entry of a vocabulary. Codes never change; retired terms stay with ``active`` false."""

    __tablename__ = "terms"
    __table_args__ = (
        UniqueConstraint("vocabulary", "code"),
        ForeignKeyConstraint(
            ["vocabulary", "parent_code"],
            ["terms.vocabulary", "terms.code"],
            name="fk_terms_parent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(80))
    label_en: Mapped[str] = mapped_column(String(200))
    label_ar: Mapped[str] = mapped_column(String(200), default="")
    parent_code: Mapped[str | None] = mapped_column(String(80))
    sort: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    # Where a term of one scheme stands for terms of another (UNOSAT class -> EAMENA severity).
    maps_to: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    @property
    def label(self) -> str:
        """The label in the reader's language; the English one where no Arabic is recorded."""
        return self.label_ar if self.label_language == "ar" else self.label_en

    @property
    def label_language(self) -> str:
        """The language ``label`` is in: an Arabic page marks an English fallback ``lang="en"``
        so that screen readers pronounce it as English."""
        return "ar" if translate.language() == "ar" and self.label_ar else "en"

    def __repr__(self) -> str:
        return f"<Term {self.vocabulary}:{self.code}>"


def uncertain_date(prefix: str) -> Any:
    """An :class:`UncertainDate` kept in three columns the model declares: ``<prefix>_edtf``,
    its EDTF text, and ``<prefix>_earliest`` / ``<prefix>_latest``, the first and last day it
    may mean (what sorting, overlaps and conflicts compare). Either bound may be empty on its
    own ("before March 2016" has no first day); an empty EDTF text is None.
    """
    return composite(
        UncertainDate,
        f"{prefix}_edtf",
        f"{prefix}_earliest",
        f"{prefix}_latest",
        return_none_on=lambda edtf, earliest, latest: edtf is None,
    )
