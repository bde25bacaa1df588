"""Arabic labels for the vocabularies that are not EAMENA's.

The Admiralty grading, the claim statuses and the date qualifiers and precisions are shown
beside every citation and report; EAMENA's thesaurus terms keep only the Arabic EAMENA gives
(see data/2026_12_03_arabic_term_labels.json). Only empty labels are filled, and only the
labels this migration wrote are emptied on the way down.

Revision ID: d8a4c6e2f0b1
Revises: c3d9e5f7a1b2
Create Date: 2026-12-03 18:00:00

"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "d8a4c6e2f0b1"
down_revision = "c3d9e5f7a1b2"
branch_labels = None
depends_on = None

LABELS_FILE = Path(__file__).parent.parent / "data" / "2026_12_03_arabic_term_labels.json"
terms = sa.table(
    "terms",
    sa.column("vocabulary", sa.String),
    sa.column("code", sa.String),
    sa.column("label_ar", sa.String),
)


def _labels():
    data = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    return [
        (vocabulary, code, label)
        for vocabulary, labels in data.items()
        if not vocabulary.startswith("_")
        for code, label in labels.items()
    ]


def upgrade():
    for vocabulary, code, label in _labels():
        op.execute(
            terms.update()
            .where(
                terms.c.vocabulary == vocabulary,
                terms.c.code == code,
                terms.c.label_ar == "",  # NOT NULL: an empty label is one not given yet
            )
            .values(label_ar=label)
        )


def downgrade():
    for vocabulary, code, label in _labels():
        op.execute(
            terms.update()
            .where(
                terms.c.vocabulary == vocabulary, terms.c.code == code, terms.c.label_ar == label
            )
            .values(label_ar="")
        )
