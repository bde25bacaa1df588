"""Narrower bounds for approximate and uncertain dates: a month strays by a month.

The edtf package pads a qualified date by every part it has, so "c. May 2015" ran from April
2014 to June 2016 and "before March 2016?" ended in April 2017. A qualified day, month or
year now strays by one day, month or year either side (twice that for %). Stored periods and
report events are recomputed from their EDTF; a period whose end would then fall before its
start keeps its old bounds (nothing stored is lost or refused). Downgrading gives back the
package's bounds.

This is the registry's rule as of this revision (heritage.vocab.uncertain_dates), kept here
so that the migration means the same whatever the code says later.

Revision ID: e5b7d9f1a3c6
Revises: d8a4c6e2f0b1
Create Date: 2026-12-03 18:30:00

"""

from datetime import date

import sqlalchemy as sa
from alembic import op
from dateutil.relativedelta import relativedelta
from edtf import Interval, Level1Interval, UncertainOrApproximate, parse_edtf

revision = "e5b7d9f1a3c6"
down_revision = "d8a4c6e2f0b1"
branch_labels = None
depends_on = None

STRAY = {
    "day": relativedelta(days=1),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
}
# (table, the prefixes of its uncertain dates)
DATED = (("occupation_periods", ("start", "end")), ("report_versions", ("event",)))
QUALIFIED = ("%~%", "%?%", "%\\%%")


def _day(bound):
    if isinstance(bound, float):
        return None
    year = min(max(bound.tm_year, 1), 9999)
    if year != bound.tm_year:
        return date(year, 1, 1) if bound.tm_year < 1 else date(year, 12, 31)
    return date(bound.tm_year, bound.tm_mon, bound.tm_mday)


def _narrow(parsed):
    if isinstance(parsed, Interval | Level1Interval):
        return _narrow(parsed.lower)[0], _narrow(parsed.upper)[1]
    precision = getattr(getattr(parsed, "date", None), "precision", None)
    stray = STRAY.get(precision) if isinstance(precision, str) else None
    if isinstance(parsed, UncertainOrApproximate) and stray is not None and parsed.ua:
        times = int(parsed.ua._get_multiplier())
        first, last = _day(parsed.date.lower_strict()), _day(parsed.date.upper_strict())
        return _shift(first, -stray * times, date.min), _shift(last, stray * times, date.max)
    return _day(parsed.lower_fuzzy()), _day(parsed.upper_fuzzy())


def _shift(day, by, limit):
    try:
        return day + by
    except (OverflowError, ValueError):
        return limit


def _padded(parsed):
    return _day(parsed.lower_fuzzy()), _day(parsed.upper_fuzzy())


def _recompute(bounds_of):
    connection = op.get_bind()
    for table_name, prefixes in DATED:
        columns = [sa.column("id", sa.Integer)]
        for prefix in prefixes:
            columns += [
                sa.column(f"{prefix}_edtf", sa.String),
                sa.column(f"{prefix}_earliest", sa.Date),
                sa.column(f"{prefix}_latest", sa.Date),
            ]
        table = sa.table(table_name, *columns)
        qualified = sa.or_(
            *(
                table.c[f"{prefix}_edtf"].like(pattern, escape="\\")
                for prefix in prefixes
                for pattern in QUALIFIED
            )
        )
        for row in connection.execute(sa.select(table).where(qualified)).mappings().all():
            values = {}
            for prefix in prefixes:
                edtf = row[f"{prefix}_edtf"]
                if edtf:
                    earliest, latest = bounds_of(parse_edtf(edtf))
                    values[f"{prefix}_earliest"], values[f"{prefix}_latest"] = earliest, latest
            if _in_order(values, row):
                connection.execute(table.update().where(table.c.id == row["id"]).values(values))


def _in_order(values, row):
    """A period's end must not fall before its start (the table's own check)."""
    start = values.get("start_earliest", row.get("start_earliest"))
    end = values.get("end_latest", row.get("end_latest"))
    return start is None or end is None or end >= start


def upgrade():
    _recompute(_narrow)


def downgrade():
    _recompute(_padded)
