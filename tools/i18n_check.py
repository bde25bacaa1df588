"""`make i18n-check`: the Arabic catalogue is complete, sound and compiled.

Fails (exit status 1, the problems on stderr) when:
- a message marked in the code or the templates is missing from the Arabic catalogue, or has
  an empty translation (any of Arabic's six plural forms included), or is marked fuzzy;
- a translation's placeholders (``%(name)s``) differ from its message's: a missing one loses
  information, an unknown one crashes the page;
- a compiled catalogue (.mo) is older than what its .po says (run ``make i18n-compile``);
- ``pybabel extract`` had to skip a call holding an f-string (its messages would be lost).

Also lists the vocabulary terms that have no Arabic label (they show in English), without
failing: an Arabic-speaking archaeologist should review and fill them.

Run from the project root: ``python tools/i18n_check.py [--translations DIR]``.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "heritage" / "translations"
LANGUAGES = ("ar",)
KEYWORDS = ("_", "_l", "gettext", "ngettext:1,2", "lazy", "lazy_gettext", "lazy_ngettext:1,2")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
VOCABULARIES = ROOT / "migrations" / "data" / "2026_11_25_initial_vocabularies.json"
# Arabic labels a later migration added to the seeded terms.
ADDED_LABELS = ROOT / "migrations" / "data" / "2026_12_03_arabic_term_labels.json"


def extract(destination: Path) -> tuple[Catalog, list[str]]:
    """Every message the code and templates mark, as ``pybabel extract`` finds them, and the
    calls it had to skip: an f-string inside ``_()`` hides whatever else the call holds
    (a nested ``_()`` included) from the catalogue."""
    command = [
        str(Path(sys.executable).with_name("pybabel")),
        "--quiet",
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "--no-location",
        "-o",
        str(destination),
        *(f"-k{keyword}" for keyword in KEYWORDS),
        str(ROOT),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.exit(f"pybabel extract failed:\n{done.stderr}")
    skipped = [
        f"{line.split(': warning:')[0]}: an f-string in a translated call is not extracted; "
        "compute its value before the call"
        for line in done.stderr.splitlines()
        if "Skipping f-string" in line
    ]
    with destination.open("rb") as template:
        return read_po(template), skipped


def catalogue_problems(template: Catalog, catalogue: Catalog, language: str) -> list[str]:
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalogue.get(message.id, message.context)
        name = _name(message.id)
        if translated is None:
            problems.append(f"{language}: not in the catalogue: {name}")
            continue
        if translated.fuzzy:
            problems.append(f"{language}: marked fuzzy: {name}")
        forms = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        if not all(forms):
            problems.append(f"{language}: not translated: {name}")
            continue
        expected = _placeholders(message.id)
        # A plural form may spell the count out ("two sources"): only %(num)d may be left out.
        optional = {"num"} if isinstance(message.id, tuple) else set()
        for form in forms:
            found = _placeholders(form)
            if found - expected or expected - optional - found:
                problems.append(f"{language}: placeholders differ ({form!r}): {name}")
    return problems


def _placeholders(text: str | tuple[str, ...]) -> set[str]:
    texts = text if isinstance(text, tuple) else (text,)
    return {name for piece in texts for name in PLACEHOLDER.findall(piece)}


def _name(message_id: str | tuple[str, ...]) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else message_id
    return repr(text if len(text) < 80 else text[:77] + "...")


def compiled_problems(po_path: Path, catalogue: Catalog) -> list[str]:
    """The .mo beside the .po must be what compiling the .po gives now."""
    mo_path = po_path.with_suffix(".mo")
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    if not mo_path.exists() or mo_path.read_bytes() != buffer.getvalue():
        shown = mo_path.relative_to(ROOT) if mo_path.is_relative_to(ROOT) else mo_path
        return [f"{shown} is out of date: run `make i18n-compile`"]
    return []


def untranslated_terms() -> dict[str, list[str]]:
    """The codes of the seeded terms without an Arabic label, by vocabulary."""
    vocabularies = json.loads(VOCABULARIES.read_text())
    added = json.loads(ADDED_LABELS.read_text())
    missing = {
        name: [
            term["code"]
            for term in vocabulary["terms"]
            if not term.get("label_ar") and term["code"] not in added.get(name, {})
        ]
        for name, vocabulary in vocabularies.items()
    }
    return {name: codes for name, codes in missing.items() if codes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translations", type=Path, default=TRANSLATIONS)
    options = parser.parse_args(argv)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        template, skipped = extract(Path(folder) / "messages.pot")
    problems += skipped
    for language in LANGUAGES:
        po_path = options.translations / language / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            problems.append(f"{language}: no catalogue at {po_path}")
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=language)
        problems += catalogue_problems(template, catalogue, language)
        problems += compiled_problems(po_path, catalogue)
    terms = untranslated_terms()
    if terms:
        count = sum(len(codes) for codes in terms.values())
        print(f"{count} vocabulary terms have no Arabic label yet and show in English:")
        for name, codes in terms.items():
            print(f"  {name} ({len(codes)}): {', '.join(codes)}")
    if problems:
        print(f"{len(problems)} problems in the translations:", file=sys.stderr)
        print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
        return 1
    print(f"The catalogues are complete: {len(template)} messages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
