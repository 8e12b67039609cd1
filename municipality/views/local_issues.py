"""The public list of local issues and the office pages that keep it up to date."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from municipality.forms.errors import add_service_errors
from municipality.forms.local_issues import (
    LegalListUploadForm,
    LocalIssueForm,
    LocalIssueListPublishForm,
)
from municipality.models import LocalIssue, Role
from municipality.permissions import RoleRequiredMixin, is_administrator
from municipality.selectors.legal_list import (
    legal_list_diff,
    legal_list_entries_affected,
    legal_list_version_pending,
)
from municipality.selectors.local_issues import (
    local_issue_references,
    local_issues_current,
    local_issues_draft_changes,
    local_issues_due_date,
    local_issues_is_stale,
    local_issues_last_publication,
    local_issues_list_age,
    local_issues_publications,
    local_issues_published,
)
from municipality.services.legal_list import legal_list_version_apply, legal_list_version_load
from municipality.services.local_issues import (
    local_issue_create,
    local_issue_list_publish,
    local_issue_remove,
    local_issue_update,
)


def local_issue_list(request):
    """The municipality's current list, once it has been published."""
    publication = local_issues_last_publication()
    issues = local_issues_published(publication)
    legal_basis = next((i.reference.legal_basis for i in issues if i.reference), "")
    published_at = publication.published_at if publication else None
    return render(
        request,
        "municipality/local_issue_list.html",
        {
            "publication": publication,
            "issues": issues,
            "legal_basis": legal_basis,
            "overdue": bool(publication)
            and local_issues_is_stale(published_at=publication.published_at),
            "due_date": local_issues_due_date(published_at=published_at) if publication else None,
        },
    )


class OfficeLocalIssueListView(RoleRequiredMixin, View):
    """The list with its age, a warning when it is stale, and the publish button."""

    template_name = "municipality/local_issue_office_list.html"

    def get(self, request):
        return self.show(request, LocalIssueListPublishForm())

    def post(self, request):
        form = LocalIssueListPublishForm(request.POST)
        if form.is_valid():
            try:
                local_issue_list_publish(actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "The list is published, with a notice. Print its poster for the notice board."
                    ),
                )
                return redirect("municipality:office-local-issues")
        return self.show(request, form, status=400)

    def show(self, request, form, status=200):
        publications = local_issues_publications()
        publication = publications[0] if publications else None
        published_at = publication.published_at if publication else None
        return render(
            request,
            self.template_name,
            {
                "issues": local_issues_current(),
                "changes": local_issues_draft_changes(publication),
                "publication": publication,
                "age": local_issues_list_age(published_at=published_at),
                "is_stale": local_issues_is_stale(published_at=published_at),
                "due_date": local_issues_due_date(published_at=published_at),
                "publications": publications,
                "can_load_legal_list": is_administrator(request.user),
                "max_age": settings.LOCAL_ISSUES_MAX_AGE_DAYS,
                "form": form,
            },
            status=status,
        )


class OfficeLocalIssueFormView(RoleRequiredMixin, View):
    """Add (no pk) or edit (pk) an entry of the list."""

    template_name = "municipality/local_issue_form.html"

    def get_issue(self, pk):
        return get_object_or_404(LocalIssue, pk=pk, is_active=True) if pk else None

    def get(self, request, pk=None):
        local_issue = self.get_issue(pk)
        return self.show(request, LocalIssueForm(instance=local_issue), local_issue)

    def post(self, request, pk=None):
        local_issue = self.get_issue(pk)
        form = LocalIssueForm(request.POST, instance=local_issue)
        if form.is_valid():
            try:
                if local_issue is None:
                    local_issue_create(actor=request.user, **form.service_fields())
                else:
                    local_issue_update(
                        local_issue=local_issue, actor=request.user, **form.service_fields()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Saved. Publish the list when it is ready, so that its date is updated."),
                )
                return redirect("municipality:office-local-issues")
        return self.show(request, form, local_issue, status=400)

    def show(self, request, form, local_issue, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "local_issue": local_issue},
            status=status,
        )


class OfficeLocalIssueRemoveView(RoleRequiredMixin, View):
    def post(self, request, pk):
        local_issue = get_object_or_404(LocalIssue, pk=pk)
        local_issue_remove(local_issue=local_issue, actor=request.user)
        messages.success(request, _("The issue is taken off the list."))
        return redirect("municipality:office-local-issues")


class OfficeLegalListUploadView(RoleRequiredMixin, View):
    """An administrator loads a new version of the legal list (checked, not yet in force)."""

    roles = (Role.ADMINISTRATOR,)
    template_name = "municipality/legal_list_upload.html"

    def get(self, request):
        return self.show(request, LegalListUploadForm())

    def post(self, request):
        form = LegalListUploadForm(request.POST, request.FILES)
        if form.is_valid():
            version = legal_list_version_load(
                actor=request.user,
                items=form.cleaned_data["items"],
                source=form.cleaned_data["source"],
                source_ru=form.cleaned_data["source_ru"],
            )
            return redirect("municipality:office-legal-list-confirm", pk=version.pk)
        return self.show(request, form, status=400)

    def show(self, request, form, status=200):
        references = list(local_issue_references())
        source = references[0].legal_basis if references else ""
        context = {"form": form, "references": references, "source": source}
        return render(request, self.template_name, context, status=status)


class OfficeLegalListConfirmView(RoleRequiredMixin, View):
    """The difference of a loaded version with the list in force; confirming puts it in force."""

    roles = (Role.ADMINISTRATOR,)
    template_name = "municipality/legal_list_confirm.html"

    def get_version(self, pk):
        version = legal_list_version_pending(pk)
        if version is None:
            raise Http404
        return version

    def get(self, request, pk):
        version = self.get_version(pk)
        diff = legal_list_diff(items=version.items)
        entries = legal_list_entries_affected(diff=diff)
        context = {"version": version, "diff": diff, "entries": entries}
        return render(request, self.template_name, context)

    def post(self, request, pk):
        counts = legal_list_version_apply(version=self.get_version(pk), actor=request.user)
        messages.success(
            request,
            _(
                "The new legal list is in force: %(added)s added, %(removed)s removed, "
                "%(renamed)s renamed. Your descriptions are kept."
            )
            % counts,
        )
        return redirect("municipality:office-legal-list")
