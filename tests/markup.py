"""Reading rendered pages in tests: which field an error stands beside, which audit rows show.

Checking that a message appears somewhere on a page passes even when it lands beside the
wrong field; these helpers cut a page into the parts the templates mark, so a test can say
where.
"""

from __future__ import annotations

import itertools
import re

_FIELD_MARK = re.compile(r'data-field="([^"]+)"')
_AUDIT_ROW = re.compile(r'<tr data-action="([^"]+)">(.*?)</tr>', flags=re.DOTALL)


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


def audit_rows(page: str) -> list[tuple[str, str]]:
    """``(action, row markup)`` for each audit event a history or audit-log page lists."""
    return _AUDIT_ROW.findall(page)
