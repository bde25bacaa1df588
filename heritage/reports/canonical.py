"""The content hash of a version: what a reviewer's sign-off binds to.

SHA-256 of a canonical JSON of every content field: vocabulary values by their stable codes,
features, actors and sources by id, photos by the SHA-256 of their originals in order with
the words this version gives them, citations in order. Keys sorted, no spaces, UTF-8, so the
same content always gives the same hash on any machine and any database.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from heritage.reports.models import ReportVersion
from heritage.vocab.models import Term

# Bump when the fields change, so an old hash is never compared with a new recipe.
CANONICAL_FORMAT = 1


def _code(term: Term | None) -> str | None:
    return term.code if term is not None else None


def canonical_content(version: ReportVersion) -> dict[str, Any]:
    event = version.event
    return {
        "format": CANONICAL_FORMAT,
        "report": version.report_id,
        "title": version.title,
        "summary": version.summary,
        "event": {
            "edtf": event.edtf if event else None,
            "earliest": event.earliest.isoformat() if event and event.earliest else None,
            "latest": event.latest.isoformat() if event and event.latest else None,
        },
        "observed_on": version.observed_on.isoformat() if version.observed_on else None,
        "features": sorted(feature.id for feature in version.features),
        "cause_category": _code(version.cause_category),
        "causes": sorted(term.code for term in version.causes),
        "effects": sorted(term.code for term in version.effects),
        "extent": _code(version.extent),
        "severity": _code(version.severity),
        "condition_after": _code(version.condition_after),
        "cause_certainty": _code(version.cause_certainty),
        "effect_certainty": _code(version.effect_certainty),
        "assessment_method": _code(version.assessment_method),
        "attribution": {
            "actor": version.attribution_actor_id,
            "claim_status": _code(version.attribution_claim_status),
        }
        if version.attribution_actor_id
        else None,
        "photos": [
            {
                "sha256": shown.photo.sha256,
                "caption": shown.caption,
                "credit": shown.credit,
                "licence": shown.licence,
                "taken_on": shown.taken_on.isoformat() if shown.taken_on else None,
            }
            for shown in version.photos
        ],
        "citations": [
            {
                "source": citation.source_id,
                "locator": citation.locator,
                "credibility": citation.credibility,
                "note": citation.note,
                "supports_attribution": citation.supports_attribution,
            }
            for citation in version.citations
        ],
    }


def content_hash(version: ReportVersion) -> str:
    encoded = json.dumps(
        canonical_content(version), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
