"""Text in many scripts: search keys, direction by script, addresses."""

from __future__ import annotations

import pytest

from heritage.text import is_latin, search_key, slugify, text_direction


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nimrūd", "nimrud"),
        ("PALMYRA", "palmyra"),
        ("قلعة حلب", "قلعه حلب"),
        ("أَلحَضَر", "الحضر"),
        ("إدلب", "ادلب"),
        ("مصـــر", "مصر"),
        ("  two   spaces ", "two spaces"),
    ],
)
def test_search_key_folds_spellings(text, key):
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("تدمر", "rtl"),
        ("Tadmor", "ltr"),  # Aramaic by language, Latin by script: read left to right
        ("ܬܕܡܘܪ", "rtl"),  # Syriac
        ("תדמור", "rtl"),
        ("(5) تل الحمام", "rtl"),  # digits and brackets decide nothing
        ("2015", "auto"),
        ("", "auto"),
        (None, "auto"),
    ],
)
def test_the_script_decides_the_direction_not_the_language_tag(text, direction):
    assert text_direction(text) == direction


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Palmyra", "palmyra"),
        ("Citadel of Aleppo", "citadel-of-aleppo"),
        ("Nimrūd", "nimrud"),
        ("Fakhr-al-Din al-Ma'ani Castle", "fakhr-al-din-al-ma-ani-castle"),
        ("  --Tell  Brak!! ", "tell-brak"),
        ("تل السلطان", "tl-alsltan"),
        ("Ниневия", "nineviya"),
        ("!!!", ""),
    ],
)
def test_slugify_transliterates_every_script(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("text", "latin"), [("Tell es-Sultan", True), ("Nimrūd", True), ("تدمر", False), ("42", False)]
)
def test_is_latin(text, latin):
    assert is_latin(text) is latin
