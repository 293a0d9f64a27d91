"""The knowledge base: guides, reports, tools, courses and films from the state, and each
municipality's own routines (docs/knowledge.md).

No personal data: a material is public knowledge, or a routine its municipality's staff read.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models import TaxonomyTerm


class Kind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    TOOL = "tool", _("Tool")
    COURSE = "course", _("Course")
    FILM = "film", _("Film")
    LOCAL_ROUTINE = "local_routine", _("Local routine")


class Audience(models.TextChoices):
    PROFESSIONALS = "professionals", _("Professionals")
    LEADERS = "leaders", _("Leaders")
    YOUNG_PEOPLE = "young_people", _("Young people")
    PARENTS = "parents", _("Parents")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class MaterialLanguage(models.TextChoices):
    BOKMAAL = "nb", _("Norwegian (bokmål)")
    NYNORSK = "nn", _("Norwegian (nynorsk)")
    SAMI = "se", _("Northern Sami")
    ENGLISH = "en", _("English")


class Material(models.Model):
    """One guide, report, tool, course, film or local routine.

    National when `municipality` is empty (public once published); a local routine belongs to
    one municipality and only its staff read it. `published_at` is when it was last published:
    the digest's "new since" reads it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    publisher = models.CharField(_("publisher"), max_length=200)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    url_checked = models.BooleanField(_("address checked"), default=False)
    summary = models.TextField(_("summary in plain language"), max_length=2000)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=MaterialLanguage.choices,
        default=MaterialLanguage.BOKMAAL,
    )
    terms = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="materials",
        verbose_name=_("needs, sectors and ages"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # A fixed key for seeded materials, so that loading the data file again updates them.
    key = models.SlugField(max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            # A local routine belongs to a municipality, and only a local routine does.
            models.CheckConstraint(
                condition=(
                    Q(kind="local_routine", municipality__isnull=False)
                    | (~Q(kind="local_routine") & Q(municipality__isnull=True))
                ),
                name="knowledge_material_routine_is_local",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="knowledge_material_published_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="knowledge_material_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class MaterialAudience(models.Model):
    """Who a material is written for (several may be)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="audiences")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["material", "audience"], name="knowledge_audience_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.material_id} {self.audience}"


class Editor(models.Model):
    """A person who curates the knowledge base: nationally (no municipality) or one
    municipality's local routines."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_editing"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="knowledge_editors",
        verbose_name=_("municipality"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("knowledge editor")
        verbose_name_plural = _("knowledge editors")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(municipality__isnull=False),
                name="knowledge_editor_municipal_unique",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(municipality__isnull=True),
                name="knowledge_editor_national_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality or _('national')}"
