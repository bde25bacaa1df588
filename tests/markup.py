"""Reading rendered pages in tests: which field an error stands beside, which audit rows show.

Checking that a message appears somewhere on a page passes even when it lands beside the
wrong field; these helpers cut a page into the parts the templates mark, so a test can say
where.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

_FIELD_MARK = re.compile(r'data-field="([^"]+)"')
_AUDIT_ROW = re.compile(r'<tr data-action="([^"]+)">(.*?)</tr>', flags=re.DOTALL)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", flags=re.DOTALL)
_CHANGE = re.compile(
    r'<dt>(.*?)</dt>\s*<dd><del class="before">(.*?)</del>.*?<ins class="after">(.*?)</ins>',
    flags=re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")


def field_blocks(page: str) -> dict[str, str]:
    """Each form field's markup (control, help and errors), from its ``data-field`` mark to the
    next field's; a fieldset of rows (``names``) runs to its first row."""
    marks = [*_FIELD_MARK.finditer(page), None]
    return {
        mark.group(1): page[mark.start() : following.start() if following else len(page)]
        for mark, following in itertools.pairwise(marks)
    }


def fields_with_errors(page: str) -> list[str]:
    """The fields, in page order, that show an error message beside them."""
    return [name for name, block in field_blocks(page).items() if "invalid-feedback" in block]


def text(markup: str) -> str:
    """What a reader sees of ``markup``: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


@dataclass
class AuditRow:
    """One audit event as a history or audit-log page shows it."""

    action: str
    cells: list[str]  # the text of each cell: when, who, what, [object,] details
    changes: dict[str, tuple[str, str]]  # each changed field's text before and after


def audit_rows(page: str) -> list[AuditRow]:
    """The audit events a history or audit-log page lists, in page order."""
    return [
        AuditRow(
            action=action,
            cells=[text(cell) for cell in _CELL.findall(row)],
            changes={
                text(field): (text(before), text(after))
                for field, before, after in _CHANGE.findall(row)
            },
        )
        for action, row in _AUDIT_ROW.findall(page)
    ]
