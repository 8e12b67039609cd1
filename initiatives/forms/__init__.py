"""Forms validate shape only; the services decide."""

from .applications import (
    ActivityForm,
    ApplicationForm,
    EligibilityForm,
    EstimateLineForm,
    PaperReceiptForm,
    activity_formset,
    estimate_formset,
)
from .common import (
    CENT,
    ESTIMATE_TOO_LARGE,
    DateInput,
    RowForm,
)
from .contests import (
    CommissionMemberForm,
    ContestForm,
    CriterionForm,
    CriterionFormSet,
    ExtendWindowForm,
    ProtocolSignatureForm,
)
from .reports import (
    ReportForm,
    SpendingForm,
    spending_formset,
)
from .scoring import (
    DeclarationForm,
    PaperSheetForm,
    ScoreForm,
)

__all__ = [
    "CENT",
    "ESTIMATE_TOO_LARGE",
    "DateInput",
    "RowForm",
    "ExtendWindowForm",
    "ContestForm",
    "CriterionForm",
    "CriterionFormSet",
    "CommissionMemberForm",
    "ApplicationForm",
    "ActivityForm",
    "EstimateLineForm",
    "activity_formset",
    "estimate_formset",
    "PaperReceiptForm",
    "EligibilityForm",
    "DeclarationForm",
    "ScoreForm",
    "PaperSheetForm",
    "ProtocolSignatureForm",
    "ReportForm",
    "SpendingForm",
    "spending_formset",
]
