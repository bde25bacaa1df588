"""The source picker shows titles as text (review of issue 7, item 1: "check the rest of the
JavaScript for the same pattern"; only the map had a browser test)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from heritage.demo import DEMO_ACCOUNTS
from heritage.extensions import db
from heritage.sources.models import Source
from heritage.sources.services import SourceFields, create_source
from tests.e2e.conftest import sign_in

CONTRIBUTOR = next(account for account in DEMO_ACCOUNTS if account.role == "contributor")
TITLE = 'Zzyzx report <img src=x id=pwned-title><b id="bold-title">bold</b>'


@pytest.fixture(scope="module")
def hostile_source(live_app: Flask) -> Iterator[None]:
    with live_app.app_context():
        create_source(None, SourceFields(kind="news_media_broadcast", title=TITLE, reliability="C"))
        db.session.commit()
    yield
    with live_app.app_context():
        db.session.delete(db.session.scalar(select(Source).where(Source.title == TITLE)))
        db.session.commit()


@pytest.mark.usefixtures("hostile_source")
def test_the_picker_lists_a_title_with_markup_as_text(page: Any) -> None:
    sign_in(page, CONTRIBUTOR.email, CONTRIBUTOR.password)
    page.goto("/sites/")
    page.locator("a[href^='/sites/']").filter(has_text="Palmyra").first.click()
    page.click("text=Add a period of control")
    page.wait_for_load_state()  # text typed before the picker's script runs finds nothing

    page.locator("#citations-0-source-label").fill("Zzyzx")
    option = page.locator("#citations-0-source-options [role=option]").first
    option.wait_for()

    assert page.locator("#pwned-title").count() == 0
    assert page.locator("#bold-title").count() == 0
    assert TITLE in option.inner_text()
