"""A user's own settings page."""

from __future__ import annotations

from heritage.accounts.models import CreditMode


def test_saving_the_settings_returns_to_the_page_and_keeps_them(as_contributor, contributor):
    response = as_contributor.post(
        "/account",
        data={"display_name": "Ada L.", "affiliation": "DGAM", "credit_mode": "affiliation"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert (contributor.display_name, contributor.credit_mode) == ("Ada L.", CreditMode.AFFILIATION)
    page = as_contributor.get("/account").get_data(as_text=True)
    assert "A contributor at DGAM" in page
