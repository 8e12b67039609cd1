"""The public notice board (жарыялар), its Atom feed, and the office pages that manage it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views import View

from municipality.forms.errors import add_service_errors
from municipality.forms.notices import NoticeFilterForm, NoticeForm
from municipality.models import Municipality, Notice
from municipality.pagination import list_page
from municipality.permissions import RoleRequiredMixin, role_required
from municipality.selectors.notices import (
    notice_board,
    notice_category_clean,
    notice_office_list,
    notice_public_detail_queryset,
    notice_search_clean,
)
from municipality.services.notices import (
    notice_create,
    notice_delete,
    notice_publish,
    notice_update,
)
from municipality.services.subscriptions import notice_send_estimate

NOTICES_PER_PAGE = 20
FEED_SIZE = 30


def _querystring(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v})


def notice_list(request):
    """The board: emergency first, then newest; filter by category, search the text."""
    category = notice_category_clean(request.GET.get("category"))
    query = notice_search_clean(request.GET.get("q"))
    form = NoticeFilterForm(initial={"q": query, "category": category})
    page = list_page(request, notice_board(category=category, query=query), size=NOTICES_PER_PAGE)
    return render(
        request,
        "municipality/notice_list.html",
        {
            "form": form,
            "page": page,
            "notices": page.object_list,
            "category": category,
            "query": query,
            "categories": Notice.Category.choices,
            "filter_query": _querystring(q=query, category=category),
        },
    )


def notice_detail(request, pk):
    notice = get_object_or_404(notice_public_detail_queryset(), pk=pk)
    subject_url = None
    if notice.subject_type_id and notice.subject_id:
        subject = notice.subject
        if subject is not None and hasattr(subject, "get_absolute_url"):
            subject_url = subject.get_absolute_url()
    return render(
        request,
        "municipality/notice_detail.html",
        {"notice": notice, "attachments": notice.attachments.all(), "subject_url": subject_url},
    )


class NoticeFeed(Feed):
    """Atom feed of the board: the newest visible notices, in the page's language."""

    feed_type = Atom1Feed
    description_template = None

    def title(self):
        municipality = Municipality.current()
        name = municipality.name if municipality else _("Jamaat")
        return _("Notices: %(name)s") % {"name": name}

    def subtitle(self):
        return _("Notices of the ayil okmotu")

    def link(self):
        return reverse("municipality:notice-list")

    def feed_url(self):
        return reverse("municipality:notice-feed")

    def get_object(self, request, *args, **kwargs):
        """The category asked for with ?category=…, or "" for the whole board."""
        return notice_category_clean(request.GET.get("category"))

    def items(self, category):
        notices = Notice.objects.visible().order_by("-publish_at", "-pk")
        if category:
            notices = notices.filter(category=category)
        return notices[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_category_display()]


notice_feed = NoticeFeed()


# Office pages: staff and head only.


class OfficeNoticeListView(RoleRequiredMixin, View):
    def get(self, request):
        status = request.GET.get("status")
        status = status if status in Notice.Status.values else ""
        page = list_page(
            request, notice_office_list(status=status), numbered=True, size=NOTICES_PER_PAGE
        )
        return render(
            request,
            "municipality/notice_office_list.html",
            {
                "page": page,
                "notices": page.object_list,
                "status": status,
                "statuses": Notice.Status.choices,
                "filter_query": _querystring(status=status),
            },
        )


class OfficeNoticeFormView(RoleRequiredMixin, View):
    """Create (no pk) or edit (pk) a notice."""

    template_name = "municipality/notice_form.html"

    def get_notice(self, pk):
        return get_object_or_404(Notice, pk=pk) if pk else None

    def get(self, request, pk=None):
        notice = self.get_notice(pk)
        return self.show(request, NoticeForm(instance=notice), notice)

    def post(self, request, pk=None):
        notice = self.get_notice(pk)
        form = NoticeForm(request.POST, request.FILES, instance=notice)
        if form.is_valid():
            fields = form.service_fields()
            files = form.cleaned_data.get("attachments") or []
            try:
                if notice is None:
                    notice = notice_create(actor=request.user, attachments=files, **fields)
                    messages.success(request, _("The notice is saved as a draft."))
                else:
                    notice = notice_update(
                        notice=notice,
                        actor=request.user,
                        attachments=files,
                        remove_attachments=form.cleaned_data.get("remove_attachments") or [],
                        **fields,
                    )
                    messages.success(request, _("The notice is saved."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if "publish" in request.POST and notice.status == Notice.Status.DRAFT:
                    # Nothing goes out before staff see what it will send and confirm.
                    return redirect("municipality:office-notice-publish", pk=notice.pk)
                return redirect("municipality:office-notices")
        return self.show(request, form, notice, status=400)

    def show(self, request, form, notice, status=200):
        return render(request, self.template_name, {"form": form, "notice": notice}, status=status)


@role_required()
def office_notice_publish(request, pk):
    """Show how many e-mails and SMS (and SMS parts) the notice will send; publish on confirm."""
    notice = get_object_or_404(Notice, pk=pk)
    if notice.status == Notice.Status.PUBLISHED:
        messages.info(request, _("The notice is already published."))
        return redirect("municipality:office-notices")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        notice_publish(actor=request.user, category=notice.category, notice=notice)
        if notice.publish_at > timezone.now():
            messages.success(request, _("The notice will appear on the board at the set time."))
        else:
            messages.success(request, _("The notice is published."))
        return redirect("municipality:office-notices")
    return render(
        request,
        "municipality/notice_publish_confirm.html",
        {"notice": notice, "estimate": notice_send_estimate(notice=notice)},
    )


class OfficeNoticeDeleteView(RoleRequiredMixin, View):
    template_name = "municipality/notice_confirm_delete.html"

    def get(self, request, pk):
        notice = get_object_or_404(Notice, pk=pk)
        return render(request, self.template_name, {"notice": notice})

    def post(self, request, pk):
        notice = get_object_or_404(Notice, pk=pk)
        notice_delete(notice=notice, actor=request.user)
        messages.success(request, _("The notice is deleted."))
        return redirect("municipality:office-notices")
