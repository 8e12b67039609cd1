"""Reads for loading a new version of the legal list: its difference with the list in force."""

import difflib
import re
from dataclasses import dataclass, field

from municipality.models import LegalListVersion, LocalIssue, LocalIssueReference

#: Two titles this similar (0…1) are the same item renamed, not one removed and one added.
RENAMED_RATIO = 0.6


def _key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (title or "").lower()).split())


@dataclass
class LegalListDiff:
    """Items of the list in force paired with the new version's items, and the rest."""

    same: list = field(default_factory=list)  # (reference, item) same title
    renamed: list = field(default_factory=list)  # (reference, item) title changed
    added: list = field(default_factory=list)  # items of the new version only
    removed: list = field(default_factory=list)  # references not in the new version

    @property
    def pairs(self) -> list:
        return self.same + self.renamed

    @property
    def renumbered(self) -> list:
        return [(ref, item) for ref, item in self.same if ref.number != item["number"]]


def _pair_same(old: list, new: list, diff: LegalListDiff) -> None:
    by_title = {_key(item["title_ky"]): item for item in new}
    for reference in list(old):
        item = by_title.pop(_key(reference.title_ky), None)
        if item is not None:
            diff.same.append((reference, item))
            old.remove(reference)
            new.remove(item)


def _pair_renamed(old: list, new: list, diff: LegalListDiff) -> None:
    scored = sorted(
        (
            (
                difflib.SequenceMatcher(None, _key(ref.title_ky), _key(item["title_ky"])).ratio(),
                -abs(ref.number - item["number"]),
                i,
                j,
            )
            for i, ref in enumerate(old)
            for j, item in enumerate(new)
        ),
        reverse=True,
    )
    used_old, used_new = set(), set()
    for ratio, _distance, i, j in scored:
        if ratio < RENAMED_RATIO:
            break
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            diff.renamed.append((old[i], new[j]))
    diff.removed = [ref for i, ref in enumerate(old) if i not in used_old]
    diff.added = [item for j, item in enumerate(new) if j not in used_new]


def legal_list_diff(*, items: list[dict]) -> LegalListDiff:
    """What a new version of the legal list adds, removes and renames against the one in force."""
    old = list(LocalIssueReference.objects.filter(is_active=True).order_by("number"))
    new = sorted(items, key=lambda item: item["number"])
    diff = LegalListDiff()
    _pair_same(old, new, diff)
    _pair_renamed(old, new, diff)
    diff.renamed.sort(key=lambda pair: pair[1]["number"])
    return diff


def legal_list_version_pending(pk: int) -> LegalListVersion | None:
    """A loaded version not applied yet, or None."""
    return LegalListVersion.objects.filter(pk=pk, applied_at__isnull=True).first()


def legal_list_entries_affected(*, diff: LegalListDiff) -> list[dict]:
    """The municipality's entries on items the new version renames or removes."""
    new_item = {ref.pk: item for ref, item in diff.renamed}
    new_item.update({ref.pk: None for ref in diff.removed})
    issues = LocalIssue.objects.filter(reference_id__in=new_item, is_active=True)
    return [
        {"issue": issue, "item": new_item[issue.reference_id]}
        for issue in issues.select_related("reference")
    ]
