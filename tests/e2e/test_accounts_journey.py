"""Every demo role signs in through the real form and sees its own navigation."""

from __future__ import annotations

import pytest

from heritage.demo import DEMO_ACCOUNTS
from tests.e2e.conftest import screenshot, sign_in

PUBLIC_LINKS = ["Sites", "Actors", "Sources", "About"]
EXPECTED_LINKS = {
    "contributor": PUBLIC_LINKS,
    "reviewer": PUBLIC_LINKS,
    "admin": [*PUBLIC_LINKS, "Users", "Audit log"],
}


def navigation_links(page) -> list[str]:
    return [
        text.strip()
        for text in page.locator("header .nav-link:not(.dropdown-toggle)").all_inner_texts()
    ]


def test_anonymous_visitors_see_the_public_navigation(page):
    page.goto("/")

    assert navigation_links(page) == [*PUBLIC_LINKS, "Sign in"]
    screenshot(page, "home-anonymous")


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.email.split("@")[0])
def test_each_demo_role_signs_in_and_sees_its_navigation(page, account):
    sign_in(page, account.email, account.password)

    assert page.locator(".alert-success").inner_text().startswith("Signed in as")
    assert navigation_links(page) == EXPECTED_LINKS[account.role]
    assert account.name in page.locator("header").inner_text()


def test_a_wrong_password_keeps_the_user_on_the_form(page):
    sign_in(page, DEMO_ACCOUNTS[0].email, "not the right password")

    assert "The email or password is incorrect." in page.locator("[data-login-error]").inner_text()
    assert page.url.endswith("/login")


def test_signing_out_from_the_menu(page):
    account = DEMO_ACCOUNTS[3]
    sign_in(page, account.email, account.password)

    page.click("header .dropdown-toggle")
    page.click("header form[action='/logout'] button")

    assert "Sign in" in page.locator("header").inner_text()
