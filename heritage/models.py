"""Every domain's models, imported in one place so the metadata is complete.

create_app and the Alembic environment import this module; domains never do.
"""

from heritage.accounts.models import Role, SignIn, User
from heritage.actors.models import Actor, ActorName
from heritage.audit.models import AuditEvent
from heritage.media.models import Photo
from heritage.reports.models import DamageReport, ReportCitation, ReportVersion, VersionPhoto
from heritage.review.models import SignOff
from heritage.sites.models import Feature, OccupationPeriod, PeriodCitation, Site, SiteName
from heritage.sources.models import Source
from heritage.vocab.models import Term

__all__ = [
    "Actor",
    "ActorName",
    "AuditEvent",
    "DamageReport",
    "Feature",
    "OccupationPeriod",
    "PeriodCitation",
    "Photo",
    "ReportCitation",
    "ReportVersion",
    "Role",
    "SignIn",
    "SignOff",
    "Site",
    "SiteName",
    "Source",
    "Term",
    "User",
    "VersionPhoto",
]
