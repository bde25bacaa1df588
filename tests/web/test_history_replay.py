"""What the public change history shows of positions after protection went up and down
(review of issue 7, item 2): each value is judged by the protection it was *entered* under,
replayed through every change, not by the protection the site was created with."""

from __future__ import annotations

from sqlalchemy import select

from heritage.audit.models import AuditEvent
from heritage.sites import services
from heritage.sites.geo import WITHHELD_THEN as WITHHELD
from heritage.sites.geo import visible_history_details, visible_position
from heritage.sites.models import LocationSensitivity

PUBLIC, HIDDEN = LocationSensitivity.PUBLIC, LocationSensitivity.HIDDEN
FIRST, SECRET, LAST = (35.4564, 43.2597), (35.1212, 43.8989), (35.7878, 43.5656)


def move(actor, site, position, **changes):
    fields = services.site_fields(site)
    fields.latitude, fields.longitude = position
    for name, value in changes.items():
        setattr(fields, name, value)
    services.update_site(actor, site, fields, relaxing_confirmed=True)


def protect(actor, site, sensitivity):
    move(actor, site, (site.latitude, site.longitude), location_sensitivity=sensitivity)


def test_a_position_entered_while_hidden_stays_withheld_after_the_site_is_public_again(
    app, reviewer, db_session
):
    site = services.create_site(
        reviewer,
        services.SiteFields(
            name="Ashur",
            country="IQ",
            latitude=FIRST[0],
            longitude=FIRST[1],
            location_sensitivity=PUBLIC,
        ),
    )
    protect(reviewer, site, HIDDEN)
    move(reviewer, site, SECRET)  # entered while hidden
    protect(reviewer, site, PUBLIC)
    move(reviewer, site, LAST)  # the "before" of this change is SECRET
    db_session.commit()

    public = app.test_client().get("/sites/ashur/history").get_data(as_text=True)

    assert str(SECRET[0]) not in public
    assert str(SECRET[1]) not in public
    assert str(FIRST[0]) in public  # entered while public, public now
    assert str(LAST[0]) in public


def test_an_entry_whose_protection_is_unknown_is_withheld(db_session, reviewer):
    """An event the replay has no protection for (older data, another object's event) shows
    the public no position, even on a site that is public now."""
    site = services.create_site(
        reviewer,
        services.SiteFields(
            name="Hatra", country="IQ", latitude=35.58, longitude=42.71, location_sensitivity=PUBLIC
        ),
    )
    db_session.commit()  # read back as the views see it (see the xfail below)
    details = {"changes": {"latitude": [35.1, 35.58], "region": [None, "Nineveh"]}}

    shown = visible_history_details(details, {}, site, signed_in=False)

    assert shown["changes"] == {"latitude": [WITHHELD, WITHHELD], "region": [None, "Nineveh"]}


def test_the_audit_log_keeps_only_whether_an_outline_was_set(db_session, reviewer):
    outline = {
        "type": "Polygon",
        "coordinates": [[[43.2, 35.4], [43.3, 35.4], [43.3, 35.5], [43.2, 35.4]]],
    }
    services.create_site(
        reviewer,
        services.SiteFields(name="Nineveh", country="IQ", outline=outline),
    )

    [details] = db_session.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "site.created")
    )
    assert details["values"]["outline"] == "set"


def test_a_site_just_saved_reads_its_protection_as_the_enum(db_session, reviewer):
    site = services.create_site(
        reviewer,
        services.SiteFields(
            name="Hatra", country="IQ", latitude=35.58, longitude=42.71, location_sensitivity=PUBLIC
        ),
    )

    assert site.location_sensitivity is PUBLIC
    assert visible_position(site, signed_in=False) is not None


def test_an_unreadable_recorded_protection_counts_as_hidden(app, reviewer, db_session):
    """A history entry whose sensitivity the code no longer knows (older data, a renamed
    value) must not publish the position entered with it."""
    from heritage.audit.services import record

    site = services.create_site(
        reviewer,
        services.SiteFields(
            name="Mari", country="SY", latitude=34.55, longitude=40.89, location_sensitivity=PUBLIC
        ),
    )
    record(
        reviewer,
        "site.updated",
        site,
        context=site,
        changes={"location_sensitivity": ["public", "secret"], "latitude": [34.55, 34.5432]},
    )
    db_session.commit()

    public = app.test_client().get("/sites/mari/history").get_data(as_text=True)

    assert "34.5432" not in public
