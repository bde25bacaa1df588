"""Actors as records, and uncertain dates as EDTF with their bounds.

Controlling parties of periods and attributions of report versions were free text: the same
party under three spellings drew three colours. They become rows of ``actors``; spellings
that fold to the same key ("ISIS", "isis ") are merged into one actor, named as first met.

Dates were a day, a precision and an on/before/after qualifier; they become EDTF text with
their earliest and latest days ("2015-05" spans 1-31 May 2015, "2013~" 2012-2014, "../2016-03"
has no first day). Sites' search text is refolded the same way, one name per line.

Downgrading keeps what the old columns can hold: a range becomes its first day, supporting
actors are appended to the party's name.

Revision ID: b7e2f1a9c3d4
Revises: 4621e3e42a03
Create Date: 2026-12-03 14:00:00

"""

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "b7e2f1a9c3d4"
down_revision = "4621e3e42a03"
branch_labels = None
depends_on = None

# actors.models.PALETTE as it was when this migration was written.
PALETTE = (
    "#1d5c63",
    "#b8430f",
    "#3552a3",
    "#7a3e9d",
    "#2f7d32",
    "#a3174f",
    "#6b5a12",
    "#0f6e99",
    "#8c3b26",
    "#4a5a66",
    "#b0186e",
    "#55601c",
)
ARABIC_FOLDS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ـ": None}
)

periods = sa.table(
    "occupation_periods",
    sa.column("id", sa.Integer),
    sa.column("controlling_party", sa.String),
    sa.column("actor_type_id", sa.Integer),
    sa.column("start_on", sa.Date),
    sa.column("start_precision", sa.String),
    sa.column("start_qualifier", sa.String),
    sa.column("end_on", sa.Date),
    sa.column("end_precision", sa.String),
    sa.column("end_qualifier", sa.String),
    sa.column("controlling_actor_id", sa.Integer),
    sa.column("start_edtf", sa.String),
    sa.column("start_earliest", sa.Date),
    sa.column("start_latest", sa.Date),
    sa.column("end_edtf", sa.String),
    sa.column("end_earliest", sa.Date),
    sa.column("end_latest", sa.Date),
)
versions = sa.table(
    "report_versions",
    sa.column("id", sa.Integer),
    sa.column("event_qualifier", sa.String),
    sa.column("event_start", sa.Date),
    sa.column("event_end", sa.Date),
    sa.column("event_precision", sa.String),
    sa.column("attribution_actor", sa.String),
    sa.column("attribution_actor_type_id", sa.Integer),
    sa.column("attribution_actor_id", sa.Integer),
    sa.column("event_edtf", sa.String),
    sa.column("event_earliest", sa.Date),
    sa.column("event_latest", sa.Date),
)
actors = sa.table(
    "actors",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("name_key", sa.String),
    sa.column("actor_type_id", sa.Integer),
    sa.column("colour", sa.String),
    sa.column("search_text", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
supporting = sa.table(
    "period_supporting_actors",
    sa.column("period_id", sa.Integer),
    sa.column("actor_id", sa.Integer),
)


def upgrade():
    _create_actor_tables()
    with op.batch_alter_table("occupation_periods") as batch_op:
        batch_op.add_column(sa.Column("controlling_actor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        for prefix in ("start", "end"):
            _add_uncertain_date(batch_op, prefix)
    with op.batch_alter_table("report_versions") as batch_op:
        batch_op.add_column(sa.Column("attribution_actor_id", sa.Integer(), nullable=True))
        _add_uncertain_date(batch_op, "event")
    with op.batch_alter_table("sources") as batch_op:
        batch_op.add_column(sa.Column("title_key", sa.Text(), server_default="", nullable=False))
        batch_op.create_index(op.f("ix_sources_title_key"), ["title_key"], unique=False)

    connection = op.get_bind()
    actor_ids = _create_actors(connection)
    _convert_periods(connection, actor_ids)
    _convert_versions(connection, actor_ids)
    op.execute("UPDATE occupation_periods SET updated_at = created_at")
    _refold_site_names(connection)
    _fold_source_titles(connection)

    with op.batch_alter_table("occupation_periods") as batch_op:
        for name in (
            "start_precision_valid",
            "start_qualifier_valid",
            "end_precision_valid",
            "end_qualifier_valid",
            "end_complete",
            "ends_after_start",
        ):
            batch_op.drop_constraint(op.f(f"ck_occupation_periods_{name}"), type_="check")
        batch_op.drop_constraint(
            op.f("fk_occupation_periods_actor_type_id_terms"), type_="foreignkey"
        )
        for column in (
            "controlling_party",
            "actor_type_id",
            "start_on",
            "start_precision",
            "start_qualifier",
            "end_on",
            "end_precision",
            "end_qualifier",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column("controlling_actor_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "updated_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch_op.create_foreign_key(
            op.f("fk_occupation_periods_controlling_actor_id_actors"),
            "actors",
            ["controlling_actor_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            op.f("ix_occupation_periods_controlling_actor_id"),
            ["controlling_actor_id"],
            unique=False,
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_start_complete"),
            "start_edtf IS NOT NULL OR (start_earliest IS NULL AND start_latest IS NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_end_complete"),
            "end_edtf IS NOT NULL OR (end_earliest IS NULL AND end_latest IS NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_ends_after_start"),
            "end_latest IS NULL OR start_earliest IS NULL OR end_latest >= start_earliest",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_dated"), "start_edtf IS NOT NULL OR end_edtf IS NOT NULL"
        )

    op.create_table(
        "period_supporting_actors",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_period_supporting_actors_actor_id_actors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["occupation_periods.id"],
            name=op.f("fk_period_supporting_actors_period_id_occupation_periods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "actor_id", name=op.f("pk_period_supporting_actors")),
    )

    with op.batch_alter_table("report_versions") as batch_op:
        for name in (
            "event_end_iff_between",
            "event_precision_valid",
            "event_qualifier_valid",
            "event_ends_after",
        ):
            batch_op.drop_constraint(op.f(f"ck_report_versions_{name}"), type_="check")
        batch_op.drop_constraint(
            op.f("fk_report_versions_attribution_actor_type_id_terms"), type_="foreignkey"
        )
        for column in (
            "event_qualifier",
            "event_start",
            "event_end",
            "event_precision",
            "attribution_actor",
            "attribution_actor_type_id",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column("event_edtf", existing_type=sa.String(length=100), nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_report_versions_attribution_actor_id_actors"),
            "actors",
            ["attribution_actor_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            op.f("ix_report_versions_attribution_actor_id"), ["attribution_actor_id"], unique=False
        )
        batch_op.create_check_constraint(
            op.f("ck_report_versions_event_ends_after"),
            "event_earliest IS NULL OR event_latest IS NULL OR event_latest >= event_earliest",
        )


def downgrade():
    with op.batch_alter_table("report_versions") as batch_op:
        batch_op.add_column(sa.Column("event_qualifier", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("event_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("event_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("event_precision", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("attribution_actor", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("attribution_actor_type_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("occupation_periods") as batch_op:
        batch_op.add_column(sa.Column("controlling_party", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("actor_type_id", sa.Integer(), nullable=True))
        for prefix in ("start", "end"):
            batch_op.add_column(sa.Column(f"{prefix}_on", sa.Date(), nullable=True))
            batch_op.add_column(
                sa.Column(f"{prefix}_precision", sa.String(length=10), nullable=True)
            )
            batch_op.add_column(
                sa.Column(f"{prefix}_qualifier", sa.String(length=10), nullable=True)
            )

    connection = op.get_bind()
    _restore_periods(connection)
    _restore_versions(connection)
    op.execute(
        sa.text("UPDATE sites SET search_text = replace(search_text, :new, :old)").bindparams(
            new="\n", old=" | "
        )
    )

    op.drop_table("period_supporting_actors")
    with op.batch_alter_table("sources") as batch_op:
        batch_op.drop_index(op.f("ix_sources_title_key"))
        batch_op.drop_column("title_key")
    with op.batch_alter_table("report_versions") as batch_op:
        batch_op.drop_constraint(op.f("ck_report_versions_event_ends_after"), type_="check")
        batch_op.drop_index(op.f("ix_report_versions_attribution_actor_id"))
        batch_op.drop_constraint(
            op.f("fk_report_versions_attribution_actor_id_actors"), type_="foreignkey"
        )
        for column in ("attribution_actor_id", "event_edtf", "event_earliest", "event_latest"):
            batch_op.drop_column(column)
        for column, kind in (
            ("event_qualifier", sa.String(length=10)),
            ("event_start", sa.Date()),
            ("event_precision", sa.String(length=10)),
        ):
            batch_op.alter_column(column, existing_type=kind, nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_report_versions_attribution_actor_type_id_terms"),
            "terms",
            ["attribution_actor_type_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_report_versions_event_end_iff_between"),
            "(event_end IS NOT NULL) = (event_qualifier = 'between')",
        )
        batch_op.create_check_constraint(
            op.f("ck_report_versions_event_precision_valid"),
            "event_precision IN ('day', 'month', 'year', 'circa')",
        )
        batch_op.create_check_constraint(
            op.f("ck_report_versions_event_qualifier_valid"),
            "event_qualifier IN ('on', 'before', 'between')",
        )
        batch_op.create_check_constraint(
            op.f("ck_report_versions_event_ends_after"),
            "event_end IS NULL OR event_end >= event_start",
        )

    with op.batch_alter_table("occupation_periods") as batch_op:
        for name in ("start_complete", "end_complete", "ends_after_start", "dated"):
            batch_op.drop_constraint(op.f(f"ck_occupation_periods_{name}"), type_="check")
        batch_op.drop_index(op.f("ix_occupation_periods_controlling_actor_id"))
        batch_op.drop_constraint(
            op.f("fk_occupation_periods_controlling_actor_id_actors"), type_="foreignkey"
        )
        batch_op.drop_column("controlling_actor_id")
        batch_op.drop_column("updated_at")
        for prefix in ("start", "end"):
            for suffix in ("edtf", "earliest", "latest"):
                batch_op.drop_column(f"{prefix}_{suffix}")
        for column, kind in (
            ("controlling_party", sa.String(length=200)),
            ("start_on", sa.Date()),
            ("start_precision", sa.String(length=10)),
            ("start_qualifier", sa.String(length=10)),
        ):
            batch_op.alter_column(column, existing_type=kind, nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_occupation_periods_actor_type_id_terms"), "terms", ["actor_type_id"], ["id"]
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_end_precision_valid"),
            "end_precision IN ('day', 'month', 'year', 'circa')",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_end_qualifier_valid"),
            "end_qualifier IN ('on', 'before', 'after')",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_start_precision_valid"),
            "start_precision IN ('day', 'month', 'year', 'circa')",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_start_qualifier_valid"),
            "start_qualifier IN ('on', 'before', 'after')",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_end_complete"),
            "(end_on IS NULL) = (end_precision IS NULL AND end_qualifier IS NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_occupation_periods_ends_after_start"), "end_on IS NULL OR end_on >= start_on"
        )

    with op.batch_alter_table("actor_names") as batch_op:
        batch_op.drop_index(op.f("ix_actor_names_actor_id"))
    op.drop_table("actor_names")
    with op.batch_alter_table("actors") as batch_op:
        batch_op.drop_index(op.f("ix_actors_parent_id"))
    op.drop_table("actors")


# --- schema ------------------------------------------------------------------------------


def _create_actor_tables():
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("actor_type_id", sa.Integer(), nullable=True),
        sa.Column("wikidata_id", sa.String(length=20), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "colour LIKE '#%' AND length(colour) = 7", name=op.f("ck_actors_colour_hex")
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_actors_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["actor_type_id"], ["terms.id"], name=op.f("fk_actors_actor_type_id_terms")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_actors_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["actors.id"],
            name=op.f("fk_actors_parent_id_actors"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("name_key", name=op.f("uq_actors_name_key")),
    )
    with op.batch_alter_table("actors") as batch_op:
        batch_op.create_index(op.f("ix_actors_parent_id"), ["parent_id"], unique=False)
    op.create_table(
        "actor_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "kind IN ('translation', 'alias')", name=op.f("ck_actor_names_kind_valid")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_names_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_names")),
        sa.UniqueConstraint(
            "actor_id", "kind", "name", name=op.f("uq_actor_names_actor_id_kind_name")
        ),
    )
    with op.batch_alter_table("actor_names") as batch_op:
        batch_op.create_index(op.f("ix_actor_names_actor_id"), ["actor_id"], unique=False)


def _add_uncertain_date(batch_op, prefix):
    batch_op.add_column(sa.Column(f"{prefix}_edtf", sa.String(length=100), nullable=True))
    batch_op.add_column(sa.Column(f"{prefix}_earliest", sa.Date(), nullable=True))
    batch_op.add_column(sa.Column(f"{prefix}_latest", sa.Date(), nullable=True))


# --- free-text parties into actors ---------------------------------------------------------


def _fold(text):
    """text.search_key as it was written with this migration: case, accents, invisible
    characters and Arabic spelling variants folded."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ARABIC_FOLDS))
    bare = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    folded = unicodedata.normalize("NFC", bare).translate(ARABIC_FOLDS).casefold()
    return " ".join(folded.split())


def _create_actors(connection):
    """One actor per folded party name met in periods and attributions; {folded: id}."""
    named = [
        *connection.execute(
            sa.select(periods.c.controlling_party, periods.c.actor_type_id).order_by(periods.c.id)
        ),
        *connection.execute(
            sa.select(versions.c.attribution_actor, versions.c.attribution_actor_type_id)
            .where(versions.c.attribution_actor.is_not(None))
            .order_by(versions.c.id)
        ),
    ]
    first_seen = {}
    for name, actor_type_id in named:
        key = _fold(name or "")
        if not key:
            continue
        seen_name, seen_type = first_seen.get(key, (name.strip(), None))
        first_seen[key] = (seen_name, seen_type or actor_type_id)
    now = datetime.now(UTC)
    if connection.dialect.name == "sqlite":  # kept naive there, as UTCDateTime does
        now = now.replace(tzinfo=None)
    ids = {}
    for number, (key, (name, actor_type_id)) in enumerate(first_seen.items()):
        ids[key] = connection.execute(
            actors.insert()
            .values(
                name=name[:200],
                name_key=key[:200],
                actor_type_id=actor_type_id,
                colour=PALETTE[number % len(PALETTE)],
                search_text=key,
                created_at=now,
                updated_at=now,
            )
            .returning(actors.c.id)
        ).scalar_one()
    return ids


def _convert_periods(connection, actor_ids):
    rows = connection.execute(sa.select(periods)).mappings().all()
    for row in rows:
        start = _edtf(row["start_on"], row["start_precision"], row["start_qualifier"])
        end = (
            _edtf(row["end_on"], row["end_precision"], row["end_qualifier"])
            if row["end_on"]
            else (None, None, None)
        )
        connection.execute(
            periods.update()
            .where(periods.c.id == row["id"])
            .values(
                controlling_actor_id=actor_ids[_fold(row["controlling_party"])],
                start_edtf=start[0],
                start_earliest=start[1],
                start_latest=start[2],
                end_edtf=end[0],
                end_earliest=end[1],
                end_latest=end[2],
            )
        )


def _convert_versions(connection, actor_ids):
    rows = connection.execute(sa.select(versions)).mappings().all()
    for row in rows:
        if row["event_qualifier"] == "between" and row["event_end"]:
            first = _edtf(row["event_start"], row["event_precision"], "on")
            last = _edtf(row["event_end"], row["event_precision"], "on")
            event = (f"{first[0]}/{last[0]}", first[1], last[2])
        else:
            event = _edtf(row["event_start"], row["event_precision"], row["event_qualifier"])
        name = row["attribution_actor"]
        connection.execute(
            versions.update()
            .where(versions.c.id == row["id"])
            .values(
                event_edtf=event[0],
                event_earliest=event[1],
                event_latest=event[2],
                attribution_actor_id=actor_ids.get(_fold(name)) if name else None,
            )
        )


def _edtf(day, precision, qualifier):
    """An old (day, precision, qualifier) as (EDTF text, earliest day, latest day)."""
    if precision == "month":
        text = f"{day.year:04d}-{day.month:02d}"
        first = day.replace(day=1)
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif precision == "year":
        text, first, last = f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    elif precision == "circa":
        # The edtf library pads an approximate year by one year each way.
        text = f"{day.year:04d}~"
        first, last = date(max(day.year - 1, 1), 1, 1), date(min(day.year + 1, 9999), 12, 31)
    else:
        text, first, last = day.isoformat(), day, day
    if qualifier == "before":
        return f"../{text}", None, last
    if qualifier == "after":
        return f"{text}/..", first, None
    return text, first, last


def _refold_site_names(connection):
    """Sites' search text: names folded as actors' are (invisible characters dropped), one per
    line; " | " between them stopped a site being called "A | B" from being found as B."""
    sites = sa.table(
        "sites",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("search_text", sa.Text),
    )
    names = sa.table("site_names", sa.column("site_id", sa.Integer), sa.column("name", sa.String))
    others = {}
    for site_id, name in connection.execute(sa.select(names.c.site_id, names.c.name)):
        others.setdefault(site_id, []).append(name)
    for site_id, name in connection.execute(sa.select(sites.c.id, sites.c.name)).all():
        folded = "\n".join(_fold(text) for text in [name, *others.get(site_id, [])])
        connection.execute(sites.update().where(sites.c.id == site_id).values(search_text=folded))


def _fold_source_titles(connection):
    """Each source's title folded, so that one title is one source whatever its spelling."""
    sources = sa.table(
        "sources",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("title_key", sa.Text),
    )
    for source_id, title in connection.execute(sa.select(sources.c.id, sources.c.title)).all():
        connection.execute(
            sources.update().where(sources.c.id == source_id).values(title_key=_fold(title))
        )


# --- back to free text and fixed dates ------------------------------------------------------

SIMPLE_EDTF = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<circa>~)?$"
)


def _old_date(edtf, earliest, latest):
    """(day, precision, qualifier) for an EDTF value: exact for the forms the old columns
    knew, else the first known day of a range."""
    qualifier = "on"
    text = edtf
    if text.startswith("../"):
        qualifier, text = "before", text[3:]
    elif text.endswith("/.."):
        qualifier, text = "after", text[:-3]
    match = SIMPLE_EDTF.match(text)
    if match is None:
        return earliest or latest, "day", qualifier
    year = int(match["year"])
    if match["circa"]:
        return date(year, 1, 1), "circa", qualifier
    if match["day"]:
        return date(year, int(match["month"]), int(match["day"])), "day", qualifier
    if match["month"]:
        return date(year, int(match["month"]), 1), "month", qualifier
    return date(year, 1, 1), "year", qualifier


def _restore_periods(connection):
    names = dict(connection.execute(sa.select(actors.c.id, actors.c.name)).all())
    types = dict(connection.execute(sa.select(actors.c.id, actors.c.actor_type_id)).all())
    helpers = {}
    for period_id, actor_id in connection.execute(sa.select(supporting)):
        helpers.setdefault(period_id, []).append(names[actor_id])
    for row in connection.execute(sa.select(periods)).mappings().all():
        party = names[row["controlling_actor_id"]]
        if helpers.get(row["id"]):
            party = f"{party} (with {', '.join(sorted(helpers[row['id']]))})"
        if row["start_edtf"]:
            start = _old_date(row["start_edtf"], row["start_earliest"], row["start_latest"])
        else:  # not known: it began before it ended
            start = (row["end_earliest"] or row["end_latest"], "day", "before")
        end = (
            _old_date(row["end_edtf"], row["end_earliest"], row["end_latest"])
            if row["end_edtf"]
            else (None, None, None)
        )
        if end[0] is not None and end[0] < start[0]:
            end = (start[0], "day", "on")
        connection.execute(
            periods.update()
            .where(periods.c.id == row["id"])
            .values(
                controlling_party=party[:200],
                actor_type_id=types[row["controlling_actor_id"]],
                start_on=start[0],
                start_precision=start[1],
                start_qualifier=start[2],
                end_on=end[0],
                end_precision=end[1],
                end_qualifier=end[2],
            )
        )


def _restore_versions(connection):
    names = dict(connection.execute(sa.select(actors.c.id, actors.c.name)).all())
    types = dict(connection.execute(sa.select(actors.c.id, actors.c.actor_type_id)).all())
    for row in connection.execute(sa.select(versions)).mappings().all():
        edtf, earliest, latest = row["event_edtf"], row["event_earliest"], row["event_latest"]
        if "/" in edtf and earliest and latest and not edtf.startswith("../"):
            values = {
                "event_qualifier": "between",
                "event_start": earliest,
                "event_end": latest,
                "event_precision": "day",
            }
        else:
            day, precision, qualifier = _old_date(edtf, earliest, latest)
            values = {
                "event_qualifier": "before" if qualifier == "before" else "on",
                "event_start": day,
                "event_end": None,
                "event_precision": precision,
            }
        actor_id = row["attribution_actor_id"]
        connection.execute(
            versions.update()
            .where(versions.c.id == row["id"])
            .values(
                **values,
                attribution_actor=names[actor_id] if actor_id else None,
                attribution_actor_type_id=types[actor_id] if actor_id else None,
            )
        )
