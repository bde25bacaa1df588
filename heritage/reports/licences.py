"""The licences a photo can be published under: a short list, so NGOs know what they may reuse.

Codes are SPDX identifiers where one exists. The name is the licence's own (not translated);
the description says in the reader's language what it allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from heritage.translate import LazyText, lazy


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    description: LazyText
    url: str | None
    # Whether reuse must name the author (every CC BY variant): a photo needs a credit then.
    needs_credit: bool = True


DEFAULT_LICENCE = "CC-BY-4.0"

LICENCES = {
    licence.code: licence
    for licence in (
        Licence(
            "CC-BY-4.0",
            "CC BY 4.0",
            lazy("anyone may reuse it, crediting the photographer"),
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            "CC-BY-SA-4.0",
            "CC BY-SA 4.0",
            lazy("reuse with credit, under the same licence"),
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        Licence(
            "CC-BY-NC-4.0",
            "CC BY-NC 4.0",
            lazy("reuse with credit, not for commercial purposes"),
            "https://creativecommons.org/licenses/by-nc/4.0/",
        ),
        Licence(
            "CC0-1.0",
            "CC0 1.0",
            lazy("no rights reserved"),
            "https://creativecommons.org/publicdomain/zero/1.0/",
            needs_credit=False,
        ),
        Licence(
            "permission",
            "©",
            lazy("all rights reserved; shown here with the holder's permission"),
            None,
        ),
    )
}
