"""Residents' comments on the draft and the answers to them (4.9)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT

from .plans import Plan


class Comment(models.Model):
    """A resident's comment on a plan under public discussion, and the answer to it."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper, at the gathering")

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Taken into account")
        REJECTED = "rejected", _("Not taken into account")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("person (register of people)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_comments",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.ONLINE)
    text = models.TextField(_("comment"), **LONG_TEXT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, default=Answer.PENDING)
    answer_text = models.TextField(_("answer and reason"), **LONG_TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]

    @property
    def display_author(self) -> str:
        return self.author_name or (self.author.full_name if self.author else "")
