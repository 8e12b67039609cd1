"""Local-initiative contests (жергиликтүү демилгелер сынагы), seed 003 §3.2."""

from .application import (
    Activity,
    Application,
    ApplicationAttachment,
    EstimateLine,
    Support,
)
from .common import (
    MONEY,
    ZERO,
    private_upload_path,
)
from .contest import (
    DEFAULT_CRITERIA,
    CommissionMember,
    Contest,
    ContestFile,
    Criterion,
    ProtocolSignature,
)
from .report import (
    ImplementationReport,
    ReportPhoto,
)
from .scoring import (
    ConflictDeclaration,
    PaperScoreSheet,
    Score,
    ScoreQuerySet,
    SubmittedScoreError,
)

__all__ = [
    "MONEY",
    "private_upload_path",
    "ZERO",
    "Contest",
    "ContestFile",
    "DEFAULT_CRITERIA",
    "Criterion",
    "CommissionMember",
    "Application",
    "Activity",
    "EstimateLine",
    "ApplicationAttachment",
    "ConflictDeclaration",
    "SubmittedScoreError",
    "ScoreQuerySet",
    "Score",
    "PaperScoreSheet",
    "ProtocolSignature",
    "ImplementationReport",
    "ReportPhoto",
    "Support",
]
