from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .rules import NO_FOLLOW_UP_RULE


class Level(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    PREFECTURAL = "prefectural", _("prefectural")
    COUNTY = "county", _("county")


class ReportKind(models.TextChoices):
    NPC = "npc", _("standing committee work report")
    GOV = "gov", _("government work report")


class SectionKind(models.TextChoices):
    REVIEW = "review", _("review")
    SHORTCOMINGS = "shortcomings", _("shortcomings")
    TASKS = "tasks", _("tasks")
    OTHER = "other", _("other")


class BodyManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Body(models.Model):
    """Who reports: a standing committee (重庆市大足区人大常委会) or a government (国务院)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = BodyManager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A body cannot sit under itself or under one of its own subordinates.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def natural_key(self):
        return (self.name,)


class BodyName(models.Model):
    """A name a body had before staff renamed it (国务院, now 中华人民共和国国务院): a report that names the body so is
    still that body's (its next year's too), not a new body's."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["name"]

    def __str__(self):
        return self.name


class UnitManager(models.Manager):
    def get_by_natural_key(self, body_name, name):
        return self.get(body__name=body_name, name=name)


class Unit(models.Model):
    """A responsible unit of a body (牵头单位 / 责任单位 / 配合单位): 法制工作委员会, 市发展改革委."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=100)
    # The name's sort key (collation.by_pinyin), kept beside it on each save: a list the database pages is then in the
    # order the pickers and the tables by unit give (a database collation reads 长江办 as zhang, by_pinyin as chang).
    sort_key = models.CharField(_("sort key"), max_length=1200, blank=True, editable=False)

    objects = UnitManager()
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["body__name", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="unit_unique_body_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from .collation import sort_key

        self.sort_key = sort_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.body.name, self.name)

    natural_key.dependencies = ["ledger.body"]


class UnitName(models.Model):
    """Another name of a unit: one merged into it (财经工委 into 财政经济工作委员会), one it had before staff renamed it, or
    one staff gave it. A sheet, a form or a program naming the unit so names this unit, not a new one."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="other_names")
    # The unit's body, kept beside it: one name names one unit of a body.
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="unitname_unique_body_name")]

    def __str__(self):
        return self.name


class ReportManager(models.Manager):
    def get_by_natural_key(self, body_name, kind, year):
        return self.get(body__name=body_name, kind=kind, year=year)

    def rows_changed(self, **where) -> int:
        """Mark the reports ``where`` selects as changed in every row (Report.rows_changed_at)."""
        return self.filter(**where).update(rows_changed_at=timezone.now())


class Report(models.Model):
    """One delivered report of one body in one year; year is the year delivered and planned for."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    source = models.CharField(_("source file"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=32)
    raw_text = models.TextField(_("raw text"))
    text = models.TextField(_("normalised text"))
    text_sha256 = models.CharField(_("SHA-256 of the normalised text"), max_length=64, unique=True)
    # {"body": {"value": ..., "source": "title", "evidence": "..."}, "year": {...}, ...}
    provenance = models.JSONField(_("where each metadata value came from"), default=dict)
    # [{"code": ..., "template": ..., "params": {...}}]: rendered through gettext when shown.
    notices = models.JSONField(_("warnings"), default=list, blank=True)
    ingested_at = models.DateTimeField(_("ingested at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # When a change reached every row of the report that no history of theirs records (its text loaded, its body
    # renamed, its follow-up taken out with the passages it gave them): the API's updated_since lists them all again.
    rows_changed_at = models.DateTimeField(_("rows changed at"), default=timezone.now)
    # When its review section came in: the first load that had one (a replace with a corrected text keeps it; one that
    # brings the review sets it). A status set before it is asked about once the review disagrees (review_disagrees).
    review_at = models.DateTimeField(_("review loaded at"), null=True, blank=True)

    objects = ReportManager()

    @property
    def review_came_in(self):
        """When its review came in: review_at, else (a report loaded from a fixture) its first load."""
        return self.review_at or self.ingested_at

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["body__name", "kind", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year"], name="report_unique_body_kind_year"),
        ]

    def __str__(self):
        return f"{self.body.name} {self.year} {self.get_kind_display()}"

    def natural_key(self):
        return (self.body.name, self.kind, self.year)

    natural_key.dependencies = ["ledger.body"]

    @property
    def review_year(self):
        return self.year - 1


class SectionManager(models.Manager):
    def get_by_natural_key(self, body_name, kind, year, ordinal):
        return self.get(report__body__name=body_name, report__kind=kind, report__year=year, ordinal=ordinal)


class Section(models.Model):
    """A contiguous span of a report's normalised text: review, shortcomings, tasks or other."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections")
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    kind = models.CharField(_("kind"), max_length=16, choices=SectionKind.choices)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    # [{"number": "一", "level": 1, "heading": "...", "start": 10, "end": 200}, ...]
    parts = models.JSONField(_("numbered parts"), default=list, blank=True)

    objects = SectionManager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["report", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["report", "ordinal"], name="section_unique_report_ordinal"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="section_end_after_start"),
        ]

    def __str__(self):
        return f"{self.report} · {self.get_kind_display()} {self.heading}".strip()

    def natural_key(self):
        return self.report.natural_key() + (self.ordinal,)

    natural_key.dependencies = ["ledger.report"]

    @property
    def text(self):
        return self.report.text[self.start : self.end]

    @property
    def length(self):
        return self.end - self.start


class CommitmentKind(models.TextChoices):
    LEGISLATION = "legislation", _("legislation")
    LEG_RESEARCH = "leg_research", _("legislative research")
    REPORT = "report", _("hearing a report")
    INSPECTION = "inspection", _("law enforcement inspection")
    SURVEY = "survey", _("survey")
    VISIT = "visit", _("inspection visit")
    INQUIRY = "inquiry", _("inquiry")
    EVALUATION = "evaluation", _("evaluation")
    OVERSIGHT = "oversight", _("oversight")
    DECISION = "decision", _("decision or resolution")
    RULES = "rules", _("rules and measures")
    ACTIVITY = "activity", _("activity")
    PROGRAMME = "programme", _("programme")
    TARGET = "target", _("target")
    GENERAL = "general", _("general direction")


class Category(models.TextChoices):
    LEGISLATION = "legislation", _("legislation work")
    OVERSIGHT = "oversight", _("oversight work")
    DECISION_APPOINTMENT = "decision_appointment", _("decisions and appointments")
    REPRESENTATIVES = "representatives", _("work with deputies")
    SELF_BUILDING = "self_building", _("self-building")
    POLITICAL = "political", _("political building")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    IN_PROGRESS = "in_progress", _("in progress")  # set by staff during the plan year; never by the machine
    FULFILLED = "fulfilled", _("fulfilled")
    PARTIAL = "partial", _("partially fulfilled")
    NOT_REPORTED = "not_reported", _("not reported")  # the review is silent, and the machine is sure of it
    # The review or a person says the task was not carried out (put off, suspended, cancelled): never the machine's
    # alone, which asks a person (needs_review, status.said_not_done) and takes it from a passage they confirm.
    NOT_DONE = "not_done", _("not carried out")
    NEEDS_REVIEW = "needs_review", _("needs review")  # the machine is not sure: a person should look


class Origin(models.TextChoices):
    AUTO = "auto", _("machine")
    STAFF = "staff", _("staff")


class Verdict(models.TextChoices):
    FULFILLED = "fulfilled", _("reported done")
    PARTIAL = "partial", _("progress only")
    MENTION = "mention", _("mentioned only")
    NOT_DONE = "not_done", _("reported not done")  # put off, suspended, cancelled (lexicon/verdicts.py NOT_DONE_WORDS)
    # Among the best passages but below the decision line: shown to staff, never decisive until they confirm
    # it with a verdict of their own.
    CANDIDATE = "candidate", _("candidate passage")


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class CommitmentManager(models.Manager):
    def get_by_natural_key(self, body_name, kind, year, ordinal):
        return self.get(report__body__name=body_name, report__kind=kind, report__year=year, ordinal=ordinal)


def _written_in(part: str, whole: str) -> bool:
    """Whether ``part``'s characters are all in ``whole``, in order (the words with some left out), a 的 that
    joins what the words join with a comma aside (对X，给予Y → 对X的Y)."""
    at = 0
    for ch in part:
        found = whole.find(ch, at)
        if found >= 0:
            at = found + 1
        elif ch != "的":
            return False
    return True


# Kinds whose deliverable a list names after its items (开展养老服务、城市更新等立法调研): an item is written with it.
KIND_NOUNS = {"leg_research": "立法调研", "inspection": "执法检查", "visit": "视察"}
# Kinds whose verb acts on the object itself, so that it can lead an item the list left it to (审查批准预算调整,
# 制定…条例, 听取审议…报告); a target's "verb" is a heading (预期目标), and the kinds above take their noun instead.
VERB_LEADS = frozenset({"legislation", "decision", "report", "rules", "programme", "activity", "oversight", "survey"})


def task_wording(text: str, obj: str, action: str = "", kind: str = "") -> str:
    """A task as it reads on its own: the row's words, or its object where the words are only part of it (an item
    of a list: 计划执行 → 计划执行报告; 建筑业 → 营改增试点范围扩大到建筑业), or both where neither holds the other
    (视察（泸永江融合发展示范区建设）); with what the list left to its other words: the verb (预算调整 → 审查批准预算调整),
    or the deliverable's noun (养老服务 → 养老服务立法调研): a task is something to do."""
    if not obj or _written_in(obj, text):
        words = text  # the object is the words themselves, maybe without 要/都/确保 (氨氮排放量要下降2%)
    elif text in obj:
        words = obj
    else:
        words = f"{text}（{obj}）"
    noun = KIND_NOUNS.get(kind)
    if noun and noun not in words:
        return action + words if noun in action else words + noun
    if action and kind in VERB_LEADS and action not in words:
        return action + words
    return words


class PartnerUnit(models.Model):
    """A partner unit (配合单位) of a task, at its place among them: a 台账 lists them by rank, as staff wrote them."""

    commitment = models.ForeignKey("Commitment", on_delete=models.CASCADE, related_name="partner_links")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="partner_links")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        # The table the plain many-to-many made, kept: its rows are the links staff made before their order was kept.
        db_table = "ledger_commitment_partner_units"
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        ordering = ["position", "id"]
        unique_together = [("commitment", "unit")]

    def __str__(self):
        # No query for a link whose unit is not read with it (a report's deletion lists every link, then hides them).
        return self.unit.name if "unit" in self._state.fields_cache else f"#{self.unit_id}"


class Commitment(models.Model):
    """One deliverable promised in a tasks section (or one general sentence, not testable)."""

    # No index of its own: the unique (report, ordinal) constraint's index serves every lookup by report, and
    # each index more is written on every status change.
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="commitments", db_index=False
    )
    ordinal = models.PositiveIntegerField(_("ordinal"))
    kind = models.CharField(_("kind"), max_length=16, choices=CommitmentKind.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    action = models.CharField(_("action"), max_length=40, blank=True)
    object = models.CharField(_("object"), max_length=300, blank=True)
    text = models.TextField(_("deliverable as written"))
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    # Kept as text (it is also report.text[sentence_start:sentence_end]) so that search can reach it.
    sentence = models.TextField(_("sentence"))
    sentence_start = models.PositiveIntegerField(_("sentence start offset"))
    sentence_end = models.PositiveIntegerField(_("sentence end offset"))
    part = models.CharField(_("part"), max_length=16, blank=True, help_text=_("number of the numbered heading it sits under"))
    part_heading = models.CharField(_("part heading"), max_length=300, blank=True)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    testable = models.BooleanField(_("testable"), help_text=_("false for general direction with nothing concrete to check"))
    rule = models.CharField(_("rule"), max_length=64, blank=True, help_text=_("the extraction rule that produced the row"))
    # A task staff added by hand (one assigned during the year, or a row the extraction made into two): it is in no
    # sentence of the report, its offsets the place of the part it was added to, and a replace keeps it as it is.
    origin = models.CharField(_("added by"), max_length=8, choices=Origin.choices, default=Origin.AUTO)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    status_origin = models.CharField(_("status set by"), max_length=8, choices=Origin.choices, default=Origin.AUTO)
    # How sure the machine is of its status (0–1); null when a person decided it, and while pending.
    status_confidence = models.FloatField(_("confidence"), null=True, blank=True)
    status_rule = models.CharField(
        _("status rule"), max_length=32, blank=True, default=NO_FOLLOW_UP_RULE,
        help_text=_("the rule that decided the status; staff when staff set it"),
    )
    status_note = models.TextField(_("status note"), blank=True)
    status_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status_decided_at = models.DateTimeField(_("status decided at"), null=True, blank=True)
    # A status a person set before the next report's review came in, that the review's passages contradict (they
    # report the task otherwise: selectors.review_contradicts): the person's status stands, and a person is asked to look
    # again (review queue). Set by a relink, cleared when a person sets the status.
    review_disagrees = models.BooleanField(
        _("the review disagrees"), default=False,
        help_text=_("a person set the status before the next report's review came in, and its passages report the task otherwise"),
    )
    # The 台账 columns staff keep: who is responsible and by when.
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="led_commitments"
    )
    partner_units = models.ManyToManyField(
        Unit, verbose_name=_("partner units"), blank=True, related_name="partnered_commitments", through=PartnerUnit
    )
    # The last day the deadline allows (年底前 → 12-31, 上半年 → 06-30, 2024年6月 → 06-30), and the words staff
    # wrote it in, shown as written.
    due = models.DateField(_("deadline"), null=True, blank=True)
    due_label = models.CharField(_("deadline as written"), max_length=40, blank=True)

    objects = CommitmentManager()
    # History is read by commitment (id) and date only: the copied foreign keys need no index of their own.
    history = HistoricalRecords(
        excluded_fields=["text", "sentence", "part_heading", "review_disagrees"], m2m_fields=[partner_units],
        no_db_index=["report", "lead_unit", "status_decided_by"],
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["report", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["report", "ordinal"], name="commitment_unique_report_ordinal"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="commitment_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["plan_year", "kind"]),
            models.Index(fields=["status"]),
            # Covers stats/ and the dashboard: a report's testable rows counted per plan year and status, with
            # whether a person confirmed them, read from the index alone.
            models.Index(
                fields=["report", "testable", "plan_year", "status", "status_origin", "status_rule"],
                name="commitment_stats",
            ),
            # The few rows a review reads otherwise than a person's status, which stats/ and the dashboard count apart
            # (selectors._disagreeing_by) and the list filters by: found without reading every row.
            models.Index(fields=["report"], condition=models.Q(review_disagrees=True), name="commitment_review_disagrees"),
        ]

    def __str__(self):
        return f"{self.report} #{self.ordinal} {self.task[:40]}"

    @property
    def task(self) -> str:
        """The task as it reads on its own (工作任务 in the lists, the sheet and the API): see task_wording."""
        return task_wording(self.text, self.object, self.action, self.kind)

    @property
    def partners(self) -> list[Unit]:
        """The partner units in the order staff wrote them (prefetch ``partner_links__unit`` to read many tasks')."""
        return [link.unit for link in self.partner_links.all()]

    def natural_key(self):
        return self.report.natural_key() + (self.ordinal,)

    natural_key.dependencies = ["ledger.report"]


class Progress(models.Model):
    """A dated entry of what was done on a commitment during the year (进展情况), by whom."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["commitment", "-date", "-created_at"]
        indexes = [models.Index(fields=["commitment", "date"])]

    def __str__(self):
        return f"{self.commitment_id} {self.date} {self.text[:40]}"



class Evidence(models.Model):
    """A passage of a later report's review section that speaks of a commitment."""

    # Indexed by the unique span constraint, which leads with it.
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="evidence", db_index=False
    )
    report = models.ForeignKey(Report, verbose_name=_("follow-up report"), on_delete=models.CASCADE, related_name="evidence")
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    # report.text[start:end], kept so that lists and exports need not load whole report texts.
    text = models.TextField(_("passage"))
    # False for a passage staff decided on that a replace took out of the report's text: its decision and wording
    # are kept, and start/end no longer index the text (services/ingest._evidence_follow).
    in_text = models.BooleanField(_("in the report's text"), default=True)
    score = models.FloatField(_("score"), default=1.0)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    rule = models.CharField(_("rule"), max_length=64, blank=True, help_text=_("the verdict rule that judged the passage"))
    rule_detail = models.JSONField(
        _("why"), default=dict, blank=True, help_text=_("the words matched and the word that decided the verdict")
    )
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.AUTO)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, default=Decision.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["commitment", "-score", "start"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "report", "start", "end"], name="evidence_unique_span"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="evidence_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["commitment", "decision"]),
            # A page's usable evidence (selectors.usable_evidence) read without visiting the candidate passages,
            # most of a commitment's rows: the condition is the query's, so SQLite and PostgreSQL both use it.
            models.Index(
                fields=["commitment"],
                condition=~models.Q(decision=Decision.REJECTED) & ~models.Q(verdict=Verdict.CANDIDATE),
                name="evidence_usable",
            ),
        ]

    def __str__(self):
        return f"{self.commitment_id} ← {self.text[:40]}"

    @property
    def decided_by_staff(self):
        return self.origin == Origin.STAFF or self.decision != Decision.PROPOSED


class SheetPairing(models.Model):
    """A row of a 台账 kept by hand that a person paired with a task (accepting the task suggested for it): the next
    import of the sheet pairs the row so again, by its words, rather than offering it to be paired once more."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="+")
    words = models.CharField(_("words"), max_length=500)  # the row's task as sheet_match reads it (_plain)
    commitment = models.ForeignKey("Commitment", verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="+")
    paired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paired by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paired_at = models.DateTimeField(_("paired at"), auto_now=True)

    class Meta:
        verbose_name = _("sheet row paired by a person")
        verbose_name_plural = _("sheet rows paired by a person")
        constraints = [models.UniqueConstraint(fields=["report", "words"], name="sheetpairing_unique_report_words")]

    def __str__(self):
        # The task as its report numbers it (#ordinal, as the task's page does), not by its database id.
        return _("“%(words)s” → #%(ordinal)s %(task)s") % {
            "words": self.words[:40], "ordinal": self.commitment.ordinal, "task": self.commitment.task[:30],
        }


class SheetImport(models.Model):
    """A 台账 sheet applied to the ledger (by the admin or the API): what each task it changed was before and after,
    so that a mistaken import can be undone as a whole (services/sheet_undo.py) rather than retyped by hand."""

    name = models.CharField(_("sheet"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("imported at"), default=timezone.now, db_index=True)
    # [{"id": task id, "before": columns, "after": columns, "added": [{"id", "date", "text"}], "corrected": [{"id",
    # "date", "text", "new_date", "new_text"}]}]: see sheet_undo.columns.
    tasks = models.JSONField(_("tasks changed"), default=list)
    # {"units": [ids of the units it created], "aliases": [ids of the other names it gave units]}: taken out again by an
    # undo where nothing else came to use them.
    added = models.JSONField(_("units and names added"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("台账 import")
        verbose_name_plural = _("台账 imports")
        ordering = ["-applied_at", "-id"]

    def __str__(self):
        return _("%(name)s, imported %(when)s") % {"name": self.name or _("a sheet"), "when": timezone.localtime(self.applied_at).strftime("%Y-%m-%d %H:%M")}


class KeptDecision(models.Model):
    """What staff decided about a commitment that a replace took out of its report, kept for a person to re-attach.

    A replace carries the decisions of a reworded commitment to the commitment that clearly replaces it (the row
    is kept and takes the new wording, services/carry.py). When no new commitment clearly replaces it, the old
    row goes (it is no longer in the text, so it can be neither marked nor linked), but nothing staff decided
    goes with it: its wording and every decision (its status, the passages confirmed, rejected or added, its
    units, deadline and progress entries) are
    copied here, listed on the report's page, in the API and by the ingest command, until a person re-attaches
    them to one of the report's commitments. Kept apart from Commitment, the ledger's lists, rates and exports
    need no filter to leave them out.
    """

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="kept_decisions")
    # The commitment as it was: its id too (gone), so that a copy of the ledger kept elsewhere can match its row.
    former_id = models.PositiveBigIntegerField(_("former commitment id"), null=True, blank=True)
    ordinal = models.PositiveIntegerField(_("ordinal"))
    kind = models.CharField(_("kind"), max_length=16, choices=CommitmentKind.choices)
    action = models.CharField(_("action"), max_length=40, blank=True)
    object = models.CharField(_("object"), max_length=300, blank=True)
    text = models.TextField(_("deliverable as written"))
    part = models.CharField(_("part"), max_length=16, blank=True)
    # The status staff set (empty when the machine's status stood), with their note.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    status_note = models.TextField(_("status note"), blank=True)
    status_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("status decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    status_decided_at = models.DateTimeField(_("status decided at"), null=True, blank=True)
    # Each passage staff decided on: {"report": id, "start", "end", "text", "verdict", "origin", "decision",
    # "rule", "note", "decided_by": id, "decided_at": iso, "score"}.
    evidence = models.JSONField(_("evidence decided by staff"), default=list, blank=True)
    # The 台账 columns staff kept: {"lead_unit": name, "partner_units": [names], "due": iso date or null,
    # "due_label", "progress": [{"date": iso, "text", "author": id, "created_at": iso}]}.
    ledger = models.JSONField(_("台账 columns kept"), default=dict, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    replaced_by_source = models.CharField(_("replacing file"), max_length=255, blank=True)
    reattached_to = models.ForeignKey(
        Commitment, verbose_name=_("re-attached to"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    reattached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("re-attached by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    reattached_at = models.DateTimeField(_("re-attached at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff decision kept after a replace")
        verbose_name_plural = _("staff decisions kept after a replace")
        ordering = ["report", "-replaced_at", "ordinal"]

    @property
    def task(self) -> str:
        """The task as it read on its own (Commitment.task): 审查批准决算, not the list's item 决算."""
        return task_wording(self.text, self.object, self.action, self.kind)

    def __str__(self):
        return f"{self.report_id} #{self.ordinal} {self.text[:40]}"

    @property
    def pending(self):
        return self.reattached_at is None


class RateCount(models.Model):
    """How many API requests one client made in the current and the previous window of its throttle rate
    (ledger/api/throttling.py): one row per client, scope and rate duration, counted in one statement by every
    worker; rows whose windows are over are deleted now and then."""

    key = models.CharField(_("client"), max_length=200, primary_key=True)
    slot = models.BigIntegerField(_("window"))  # seconds since the epoch // the rate's duration
    count = models.PositiveIntegerField(_("requests in the window"))
    previous = models.PositiveIntegerField(_("requests in the previous window"))
    # 0: the last count refused the request; more than 1: a worker leased requests with it (api/throttling.py).
    granted = models.PositiveIntegerField(_("requests granted by the last count"), default=0)
    expires = models.BigIntegerField(_("counts nothing after"))  # seconds since the epoch: the window after next

    class Meta:
        verbose_name = _("API request count")
        verbose_name_plural = _("API request counts")

    def __str__(self):
        return f"{self.key}: {self.count}"
