"""`make i18n-check` holds the Arabic catalogue complete: each way it can break is caught."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n_check  # noqa: E402

ARABIC_PO = Path("ar") / "LC_MESSAGES" / "messages.po"


def broken_copy(folder: Path, breaking: Callable[[Catalog], None], compile_it: bool = True) -> Path:
    """A copy of the real catalogues with one change, compiled as `make i18n-compile` would."""
    copy = folder / "translations"
    shutil.copytree(i18n_check.TRANSLATIONS, copy)
    po_path = copy / ARABIC_PO
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale="ar")
    breaking(catalogue)
    with po_path.open("wb") as po_file:
        write_po(po_file, catalogue)
    if compile_it:
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalogue)
    return copy


def check(translations: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = i18n_check.main(["--translations", str(translations)])
    return status, capsys.readouterr().err


def test_the_committed_catalogues_pass(capsys):
    assert check(i18n_check.TRANSLATIONS, capsys) == (0, "")


def test_a_message_with_no_arabic_fails(tmp_path, capsys):
    def forget_sign_in(catalogue: Catalog) -> None:
        catalogue["Sign in"].string = ""

    status, errors = check(broken_copy(tmp_path, forget_sign_in), capsys)

    assert status == 1
    assert "ar: not translated: 'Sign in'" in errors


def test_a_message_missing_from_the_catalogue_fails(tmp_path, capsys):
    def drop_sign_in(catalogue: Catalog) -> None:
        del catalogue["Sign in"]

    status, errors = check(broken_copy(tmp_path, drop_sign_in), capsys)

    assert status == 1
    assert "ar: not in the catalogue: 'Sign in'" in errors


def test_a_fuzzy_translation_fails(tmp_path, capsys):
    def guess_sign_in(catalogue: Catalog) -> None:
        catalogue["Sign in"].flags.add("fuzzy")

    status, errors = check(broken_copy(tmp_path, guess_sign_in), capsys)

    assert status == 1
    assert "ar: marked fuzzy: 'Sign in'" in errors


def test_a_plural_with_an_empty_form_fails(tmp_path, capsys):
    message = ("%(num)d source", "%(num)d sources")

    def empty_the_few_form(catalogue: Catalog) -> None:
        forms = list(catalogue[message].string)
        forms[3] = ""
        catalogue[message].string = tuple(forms)

    status, errors = check(broken_copy(tmp_path, empty_the_few_form), capsys)

    assert status == 1
    assert "ar: not translated: '%(num)d source'" in errors


@pytest.mark.parametrize(
    ("message", "translation"),
    [
        # a placeholder lost: the reader is not told which page of how many
        ("Page %(page)s of %(pages)s · %(total)s in all", "الصفحة %(page)s من %(pages)s"),
        # a placeholder invented: the page crashes when the message is formatted
        ("row %(number)d", "الصف %(number)d من %(rows)d"),
        # a number written as %(name)d renamed
        ("Source %(number)d", "المصدر %(index)d"),
        # only plural forms may spell their count out: this message is not one
        ("Supporting actor %(number)d", "الداعم"),
    ],
)
def test_a_translation_whose_placeholders_differ_fails(tmp_path, capsys, message, translation):
    def change(catalogue: Catalog) -> None:
        catalogue[message].string = translation

    status, errors = check(broken_copy(tmp_path, change), capsys)

    assert status == 1
    assert f"placeholders differ ({translation!r})" in errors


def test_a_plural_form_may_spell_its_count_out(tmp_path, capsys):
    """ "مصدران" (two sources) holds no %(num)d, and is right."""

    def spell_out(catalogue: Catalog) -> None:
        message = catalogue["%(num)d source"]
        message.string = ("لا مصادر", "مصدر واحد", "مصدران", *message.string[3:])

    assert check(broken_copy(tmp_path, spell_out), capsys) == (0, "")


def test_a_catalogue_edited_but_not_compiled_fails(tmp_path, capsys):
    def reword_sign_in(catalogue: Catalog) -> None:
        catalogue["Sign in"].string = catalogue["Sign in"].string + " الآن"

    status, errors = check(broken_copy(tmp_path, reword_sign_in, compile_it=False), capsys)

    assert status == 1
    assert "is out of date: run `make i18n-compile`" in errors


def test_the_arabic_catalogue_declares_six_plural_forms_and_is_not_fuzzy():
    """The header of the .po; the compiled rule is checked in test_language_edges."""
    with (i18n_check.TRANSLATIONS / ARABIC_PO).open("rb") as po_file:
        catalogue = read_po(po_file, locale="ar")

    assert catalogue.num_plurals == 6
    assert "nplurals=6" in catalogue.plural_forms
    assert not catalogue.fuzzy


def test_a_translated_call_holding_an_f_string_is_reported(tmp_path, monkeypatch):
    """pybabel skips the whole call, so a message nested in it never reaches the catalogue."""
    (tmp_path / "babel.cfg").write_text("[python: **.py]\n")
    (tmp_path / "module.py").write_text(
        'def refuse(x):\n    return _("%(a)s", a=f"{x} {_(\'For example\')}")\n'
    )
    monkeypatch.setattr(i18n_check, "ROOT", tmp_path)

    catalogue, skipped = i18n_check.extract(tmp_path / "messages.pot")

    assert "For example" not in catalogue
    assert len(skipped) == 1
    assert "module.py:2: an f-string in a translated call is not extracted" in skipped[0]
