"""Actors: one identity per party, names in any language, a stable colour, the public pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from heritage.actors.models import PALETTE, Actor
from heritage.actors.services import ActorFields, create_actor, find_by_name, update_actor
from heritage.audit.models import AuditEvent
from heritage.rules import RuleViolation
from tests.factories import ActorFactory, PeriodFactory, SiteFactory, actor_named
from tests.markup import field_blocks, fields_with_errors

ISIS = {
    "name": "ISIS",
    "actor_type": "military_group_non_state",
    "translations-0-name": "داعش",
    "translations-0-lang": "ar",
    "aliases": "ISIL\nIslamic State\nDaesh",
    "description": "The Islamic State group.",
}


def actor_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Actor))


def test_a_contributor_records_an_actor_with_its_names(as_contributor, contributor, db_session):
    response = as_contributor.post("/actors/new", data=ISIS)

    actor = db_session.scalar(select(Actor))
    assert response.headers["Location"] == f"/actors/{actor.id}"
    assert [(n.name, n.lang) for n in actor.translations] == [("داعش", "ar")]
    assert sorted(n.name for n in actor.aliases) == ["Daesh", "ISIL", "Islamic State"]
    assert actor.colour in PALETTE
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "actor.created"))
    assert (event.actor_id, event.details["values"]["aliases"]) == (
        contributor.id,
        ["Daesh", "ISIL", "Islamic State"],
    )


@pytest.mark.parametrize("spelling", ["isis", " ISIS ", "ISİS", "IS\u200bIS", "Daesh", "داعش"])
def test_one_party_one_identity_however_it_is_spelled(db_session, spelling):
    """Spellings, aliases, Arabic names and invisible characters all name the same party."""
    create_actor(None, ActorFields(**_fields(ISIS)))

    with pytest.raises(RuleViolation) as refusal:
        create_actor(None, ActorFields(name=spelling))

    assert refusal.value.field == "name"
    assert actor_count(db_session) == 1
    assert find_by_name(spelling) is not None or spelling == "ISİS"


def _fields(form: dict[str, str]) -> dict:
    from heritage.actors.models import ActorNameKind
    from heritage.actors.services import OtherName

    return {
        "name": form["name"],
        "actor_type": form["actor_type"],
        "names": [
            OtherName(form["translations-0-name"], form["translations-0-lang"]),
            *(
                OtherName(alias, None, ActorNameKind.ALIAS)
                for alias in form["aliases"].splitlines()
            ),
        ],
    }


def test_an_alias_of_another_actor_is_refused_beside_the_aliases(as_contributor, db_session):
    create_actor(None, ActorFields(**_fields(ISIS)))

    response = as_contributor.post(
        "/actors/new",
        data={"name": "Jabhat al-Nusra", "actor_type": "", "aliases": "Nusra Front\nDaesh"},
    )

    page = response.get_data(as_text=True)
    assert fields_with_errors(page) == ["aliases"]
    assert "is a name of “ISIS”, another actor" in field_blocks(page)["aliases"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required"),
        ({"name": "ß" * 200}, "name", "too long to keep"),
        ({"aliases": "a" * 201}, "aliases", "at most 200 characters"),
        ({"aliases": "ISIL\n\u202eSISI"}, "aliases", "invisible characters"),
        ({"name": "IS\u200bIS"}, "name", "invisible characters"),
        ({"name": "ISIS\u200f"}, "name", "invisible characters"),
        ({"translations-0-lang": ""}, "translations-0-lang", "Say which language"),
        ({"colour": "#ff0000"}, "colour", "Not a valid choice"),
        ({"wikidata_id": "5747"}, "wikidata_id", "Q followed by digits"),
        ({"parent": "abc", "parent-label": ""}, "parent", "Pick the larger force"),
        ({"parent": "", "parent-label": "Nobody known"}, "parent", "Pick the larger force"),
    ],
)
def test_bad_actor_input_is_a_form_error(as_contributor, db_session, changes, field, message):
    response = as_contributor.post("/actors/new", data={**ISIS, **changes})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in field_blocks(page)[field]
    assert field in fields_with_errors(page)
    assert actor_count(db_session) == 0


def test_an_actor_cannot_be_part_of_its_own_units(db_session):
    army = ActorFactory(name="Syrian Arab Army")
    division = ActorFactory(name="5th Corps", parent_id=army.id)

    with pytest.raises(RuleViolation, match="part of itself or of its own units") as refusal:
        update_actor(None, army, ActorFields(name="Syrian Arab Army", parent_id=division.id))

    assert refusal.value.field == "parent"


def test_a_cycle_already_in_the_database_cannot_hang_a_save(db_session):
    """Two edits racing on PostgreSQL once stored A -> B -> A; a walk up the chain looped."""
    a, b = ActorFactory(name="Alpha"), ActorFactory(name="Beta")
    db_session.execute(update(Actor).where(Actor.id == a.id).values(parent_id=b.id))
    db_session.execute(update(Actor).where(Actor.id == b.id).values(parent_id=a.id))
    db_session.expire_all()
    other = ActorFactory(name="Gamma")

    update_actor(None, other, ActorFields(name="Gamma", parent_id=a.id))

    assert other.parent == a


def test_new_actors_take_the_least_used_colour(db_session):
    colours = [ActorFactory().colour for _ in range(len(PALETTE) + 1)]

    assert colours[: len(PALETTE)] == list(PALETTE)
    assert colours[-1] == PALETTE[0]


def test_an_actor_named_by_a_period_cannot_be_deleted(as_contributor, db_session):
    period = PeriodFactory()
    actor_id = period.controlling_actor_id

    response = as_contributor.post(f"/actors/{actor_id}/delete", follow_redirects=True)

    assert "cannot be deleted" in response.get_data(as_text=True)
    assert db_session.get(Actor, actor_id) is not None


def test_an_unused_actor_can_be_deleted(as_contributor, db_session):
    actor = ActorFactory(name="Short-lived militia")

    response = as_contributor.post(f"/actors/{actor.id}/delete")

    assert response.headers["Location"] == "/actors/"
    assert actor_count(db_session) == 0


def test_the_lookup_finds_an_actor_by_any_name(as_contributor, db_session):
    create_actor(None, ActorFields(**_fields(ISIS)))

    for query in ("isil", "داعش", "Islamic"):
        items = as_contributor.get(f"/actors/lookup?q={query}").get_json()["items"]
        assert [item["title"] for item in items] == ["ISIS"], query


def test_a_signed_out_script_gets_a_json_answer_not_the_sign_in_page(client, db_session):
    response = client.get("/actors/lookup?q=isis", headers={"Accept": "application/json"})

    assert response.status_code == 401
    assert "not signed in" in response.get_json()["error"]["message"]


def test_actor_pages_are_public_and_show_disputes(client, db_session):
    site = SiteFactory(name="Palmyra", slug="palmyra")
    isis = actor_named("ISIS")
    PeriodFactory(site=site, start="2015-05", end="2016-03-27")
    PeriodFactory(site=site, start="2015-05", end="2016-05")

    listing = client.get("/actors/").get_data(as_text=True)
    page = client.get(f"/actors/{isis.id}").get_data(as_text=True)

    assert ">ISIS</bdi>" in listing
    assert page.count('href="/sites/palmyra#period-') == 2
    assert page.count("conflict-badge conflict-disagree") >= 2
    assert "/edit" not in page


def test_an_actor_saved_meanwhile_is_not_overwritten_unawares(as_contributor, db_session):
    actor = ActorFactory(name="Syrian Free Army")
    opened = actor.updated_at.isoformat()
    update_actor(None, actor, ActorFields(name="Syrian Free Army", description="Newer."))
    db_session.commit()

    response = as_contributor.post(
        f"/actors/{actor.id}/edit",
        data={"name": "Syrian Free Army", "description": "Older.", "edit_version": opened},
    )

    assert "Someone else saved changes to this actor" in response.get_data(as_text=True)
    db_session.refresh(actor)
    assert actor.description == "Newer."


def test_the_lookup_says_when_the_text_typed_is_already_a_name_of_the_actor(
    as_contributor, db_session
):
    """The picker offers no "Create “داعش”" beside ISIS: creating it would only be refused."""
    create_actor(None, ActorFields(**_fields(ISIS)))

    exact = {
        query: as_contributor.get(f"/actors/lookup?q={query}").get_json()["items"][0]["exact"]
        for query in ("ISIS", "isis", "داعش", "Islamic")
    }

    assert exact == {"ISIS": True, "isis": True, "داعش": True, "Islamic": False}


def test_the_lookup_names_the_actor_in_the_reader_s_language(as_contributor, db_session):
    create_actor(None, ActorFields(**_fields(ISIS)))

    [item] = as_contributor.get(
        "/actors/lookup?q=isis", headers={"Accept-Language": "ar"}
    ).get_json()["items"]

    assert item["title"] == "داعش"
    assert "ISIS" in item["detail"]
