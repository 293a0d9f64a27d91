"""The team around the child (samarbeidssak, level 2–3): members, meetings, tasks and
hand-overs. Its log (stafettlogg) is `teamlog.LogEntry`."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rights.table import Domain

# The longest note on how the coordinator assessed the facts behind the duties.
DUTY_FACTS_NOTE_MAX = 500


class TeamStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Team(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="teams", verbose_name=_("child")
    )
    concern = models.OneToOneField(
        "concerns.Concern",
        on_delete=models.PROTECT,
        related_name="team",
        verbose_name=_("concern it started from"),
    )
    originating_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("started by unit")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TeamStatus.choices, default=TeamStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    final_evaluation = models.TextField(_("final evaluation"), blank=True)
    # Facts the coordinator records that decide the legal duties (rights.duties): the team
    # cannot know them from its members. Set through teams.services.team_duty_facts_set.
    long_term_needs = models.BooleanField(
        _("needs long-term and coordinated services"), default=False, db_default=False
    )
    serious_illness_or_disability = models.BooleanField(
        _("serious illness, injury or disability"), default=False, db_default=False
    )
    duty_facts_note = models.CharField(
        _("basis for the assessment"),
        max_length=DUTY_FACTS_NOTE_MAX,
        blank=True,
        default="",
        db_default="",
    )
    duty_facts_recorded_at = models.DateTimeField(_("duty facts recorded"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["municipality", "status"])]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return str(_("Team %(id)s") % {"id": str(self.id)[:8]})

    @property
    def is_open(self) -> bool:
        return self.status == TeamStatus.OPEN


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class TeamMember(models.Model):
    """A professional on the team, acting for one unit. Exactly one active coordinator."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team")
    )
    user = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    invited_by = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # Kept on the team after the case moved to another municipality, until the end of the
    # transition period the consent states; the team's pages close for them the day after and
    # the daily job takes them off (teams.services.handovers.moved_members_leave).
    leaves_on = models.DateField(_("stays on the team until"), null=True, blank=True)
    # The municipality appointed this coordinator as the family's barnekoordinator
    # (helse- og omsorgstjenesteloven § 7-2 a). A hand-over makes a new membership without it.
    is_barnekoordinator = models.BooleanField(
        _("barnekoordinator"), default=False, db_default=False
    )

    class Meta:
        ordering = ["team", "role", "invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="coordinator", status="active"),
                name="one_active_coordinator_per_team",
            ),
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(status__in=["invited", "active"]),
                name="one_current_membership_per_person",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    """A team meeting (ansvarsgruppemøte), with the child's and guardians' input beforehand."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("team")
    )
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"))
    child_input = models.TextField(_("what the child wants to say"), blank=True)
    guardians_input = models.TextField(_("what the guardians want to say"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # What the meeting is mainly about, as an area of law: it decides which rule on hearing the
    # child the meeting page cites. Empty: the area of the unit that started the team.
    domain = models.CharField(
        _("what the meeting is mainly about"),
        max_length=32,
        choices=[(d.value, d.label) for d in Domain if d != Domain.DIGITAL],
        blank=True,
    )
    created_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.place}"


class ParticipantKind(models.TextChoices):
    MEMBER = "member", _("Team member")
    CHILD = "child", _("The child")
    GUARDIAN = "guardian", _("Guardian")


class MeetingParticipant(models.Model):
    """Someone invited to a meeting: a team member, the child or a guardian. `emailed_at` is
    when the invitation e-mail was handed to the mail server (empty: no address, or not sent)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    kind = models.CharField(_("who"), max_length=16, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team member"),
    )
    guardian = models.ForeignKey(
        "children.Guardian",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("invitation e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_participation_per_member",
            ),
            models.UniqueConstraint(
                fields=["meeting", "guardian"],
                condition=Q(guardian__isnull=False),
                name="one_participation_per_guardian",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind="child"), name="the_child_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(user__isnull=False) & Q(guardian__isnull=True))
                | (Q(kind="guardian") & Q(guardian__isnull=False) & Q(user__isnull=True))
                | (Q(kind="child") & Q(user__isnull=True) & Q(guardian__isnull=True)),
                name="participant_is_one_person",
            ),
        ]
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.meeting_id})"


class UnitInvitationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the unit")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class UnitInvitation(models.Model):
    """The coordinator invites a unit (a service), not a named person: its leader or any of
    its staff accepts, and becomes the member acting for the unit. Only a unit covered by a
    consent in force can be invited, and someone in it sees the team only after accepting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="unit_invitations", verbose_name=_("team")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    note = models.TextField(_("what the unit should know"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=UnitInvitationStatus.choices,
        default=UnitInvitationStatus.OPEN,
    )
    invited_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    answered_by = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    member = models.OneToOneField(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit_invitation",
        verbose_name=_("member who accepted"),
    )

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "unit"],
                condition=Q(status="open"),
                name="one_open_invitation_per_unit",
            )
        ]
        indexes = [models.Index(fields=["unit", "status"])]
        verbose_name = _("unit invitation")
        verbose_name_plural = _("unit invitations")

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_status_display()})"


# The source key of a task for a unit's leader about a team they are not on (teams.gaps): it
# names no child, and Mitt arbeid shows none with it.
LEADER_TASK_PREFIX = "unit-leader:"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Task(models.Model):
    """Something a named person must do by a date: from a meeting decision, a statutory deadline
    or the team's own work."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("team"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("decided in meeting"),
    )
    welfare_report = models.ForeignKey(
        "concerns.ChildWelfareReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("report to child welfare"),
    )
    title = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    # Set by background jobs that create tasks, so running a job twice creates a task once.
    source_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="unique_task_source"
            )
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def for_unit_leader(self) -> bool:
        """A task for a unit's leader about a team they are not on: it names no child."""
        return self.source_key.startswith(LEADER_TASK_PREFIX)


class Transition(models.TextChoices):
    KINDERGARTEN_SCHOOL = "kindergarten_school", _("Kindergarten to school")
    PRIMARY_LOWER_SECONDARY = "primary_lower_secondary", _("Primary to lower secondary school")
    LOWER_UPPER_SECONDARY = "lower_upper_secondary", _("Lower to upper secondary school")
    SCHOOL_WORK = "school_work", _("School to work, NAV or the follow-up service")
    AGE_18 = "age_18", _("Turning 18")
    MOVING = "moving", _("Moving to another municipality")
    OTHER = "other", _("Other")


class HandoverStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the receiver")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Handover(models.Model):
    """Handing the coordinator role to a person in another unit (overgang). Open until the
    receiver accepts or declines; both sides see it meanwhile."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("team")
    )
    transition = models.CharField(_("transition"), max_length=32, choices=Transition.choices)
    from_user = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_user = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    to_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to unit")
    )
    note = models.TextField(_("what the receiver should know"))
    # A move (transition "moving"): the municipality the case moves to on acceptance.
    moving_to = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moving to"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("answer from the receiver"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"], condition=Q(status="open"), name="one_open_handover_per_team"
            )
        ]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.get_transition_display()} → {self.to_unit}"
