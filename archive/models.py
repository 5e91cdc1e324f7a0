"""The archive's data: captures as received, and what is derived from them."""

from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone


class CaptureQuerySet(models.QuerySet):
    def nearest(self, url: str, moment) -> "Capture | None":
        """The capture of `url` nearest in time to `moment`, the one before it if any."""
        fields = ("pk", "media_type", "url", "captured_at", "sha256")
        before = self.filter(url=url, captured_at__lte=moment).order_by("-captured_at").only(*fields)
        after = self.filter(url=url, captured_at__gt=moment).order_by("captured_at").only(*fields)
        return before.first() or after.first()


class Capture(models.Model):
    """The bytes of a page exactly as received; never edited.

    From a file: the file's bytes. From the web (a capture, or a record of a WARC file): the
    block of the WARC response or resource record, that is the HTTP status line and headers
    and the payload as transferred, with the record's WARC headers and the request beside it.
    """

    sha256 = models.CharField(max_length=64, unique=True, help_text="Of the content.")
    content = models.BinaryField()
    source = models.TextField(help_text="Path or URL the bytes came from.")
    media_type = models.CharField(max_length=100, help_text="Of the page (for the web: the payload's).")
    encoding = models.CharField(max_length=40, blank=True)
    captured_at = models.DateTimeField(default=timezone.now)
    url = models.CharField(
        max_length=2000, blank=True, db_index=True, help_text="The URL captured (after redirects)."
    )
    payload_digest = models.CharField(
        max_length=80, blank=True, db_index=True, help_text="sha256 of the payload: the page itself."
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    warc = models.JSONField(
        default=dict,
        blank=True,
        help_text="The WARC record's type, id and headers, the request's, and the redirects followed.",
    )
    request = models.BinaryField(default=b"", blank=True, help_text="The HTTP request, as sent.")

    objects = CaptureQuerySet.as_manager()

    class Meta:
        ordering = ["-captured_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.sha256[:12]})"

    def text(self) -> str:
        """The page decoded as it was read (shown as text, never as HTML)."""
        return self.payload().decode(self.encoding or "utf-8", errors="replace")

    def payload(self) -> bytes:
        """The page's bytes: the file, or the HTTP payload with its content encoding undone."""
        from archive.webarchive.http import parse_response

        content = bytes(self.content)
        return parse_response(content).body if self.is_http else content

    @property
    def is_http(self) -> bool:
        """Is the content an HTTP response (a WARC response record's block)?"""
        return self.warc.get("type") == "response"


class Entity(models.Model):
    """A named actor from the gazetteer (archive/data/*.toml)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    acronyms = models.JSONField(default=list, blank=True)
    names_zh = models.JSONField(default=list, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    former = models.JSONField(default=list, blank=True, help_text="[{name, from, to}]")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    kind = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    loaded = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="What the data files last said of this entity (empty for one a curator created): "
        "a reload keeps whatever a curator changed since.",
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def other_names(self) -> list[str]:
        return [*self.acronyms, *self.aliases, *self.names_zh]


class Agency(Entity):
    class Meta(Entity.Meta):
        verbose_name_plural = "agencies"

    def get_absolute_url(self) -> str:
        return reverse("agency_detail", args=[self.slug])


class Platform(Entity):
    def get_absolute_url(self) -> str:
        return reverse("platform_detail", args=[self.slug])


class Campaign(Entity):
    """A named campaign (清朗, 净网 …): a series, or an edition of one (its parent)."""

    lead = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns_led"
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty while it goes on.")

    def get_absolute_url(self) -> str:
        return reverse("campaign_detail", args=[self.slug])


class Law(Entity):
    """A law, regulation or rule articles cite (the Cybersecurity Law, 网络安全法 …)."""

    issuer = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="laws_issued"
    )
    adopted = models.DateField(null=True, blank=True)
    effective = models.DateField(null=True, blank=True)

    def get_absolute_url(self) -> str:
        return reverse("law_detail", args=[self.slug])


class Category(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100)
    keywords = models.JSONField(default=list, blank=True)
    keywords_zh = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    loaded = models.JSONField(null=True, blank=True, editable=False, help_text="As for entities.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('search')}?category={self.slug}"


class ArticleQuerySet(models.QuerySet):
    def unindexed(self) -> "ArticleQuerySet":
        """Articles whose current version the index does not hold yet."""
        return self.filter(indexed_version__lt=models.F("version"))

    def touch(self) -> int:
        """A new version of each (a queryset update bypasses save()): the index catches up."""
        return self.update(version=models.F("version") + 1)

    def current(self) -> "ArticleQuerySet":
        """The latest version of each page (an earlier capture of a URL is kept, not listed)."""
        return self.filter(superseded_by=None)

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def mentioning(self, entity: Entity) -> "ArticleQuerySet":
        """The articles naming an agency, a platform, a law, or a campaign or one of its editions."""
        kind = entity._meta.model_name
        field = {"agency": "agencies", "platform": "platforms", "campaign": "campaigns", "law": "laws"}[kind]
        if kind == "campaign":
            family = [entity.pk, *entity.children.values_list("pk", flat=True)]
            return self.filter(pk__in=Mention.objects.filter(campaign__in=family).values("article"))
        return self.filter(**{field: entity})

    def with_facts(self) -> "ArticleQuerySet":
        return self.select_related("capture").prefetch_related(
            "agencies", "platforms", "categories", "figures__agency", "figures__platform"
        )

    def for_records(self) -> "ArticleQuerySet":
        """with_facts() for the export record and feeds: names, not whole entities, and not
        the page bytes."""
        figures = Figure.objects.select_related("agency", "platform").only(
            *(f.name for f in Figure._meta.concrete_fields), "agency__name", "platform__name"
        )
        return (
            self.select_related("capture")
            .defer("capture__content")
            .prefetch_related(
                models.Prefetch("agencies", queryset=Agency.objects.only("name")),
                models.Prefetch("platforms", queryset=Platform.objects.only("name")),
                models.Prefetch("categories", queryset=Category.objects.only("name")),
                models.Prefetch("figures", queryset=figures),
            )
        )


class Article(models.Model):
    """The clean article read from one capture, and the facts extracted from it."""

    capture = models.OneToOneField(Capture, on_delete=models.PROTECT, related_name="article")
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, allow_unicode=True, blank=True)
    body = models.TextField()
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    date_source = models.CharField(
        max_length=40, blank=True, help_text="Where the publication date was found."
    )
    url = models.URLField(max_length=2000, blank=True)
    language = models.CharField(max_length=10, blank=True)
    story_key = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="Shared by the copies of one story (stories.py)."
    )
    minhash = models.BinaryField(default=b"", editable=False, help_text="The text's MinHash signature.")
    agencies = models.ManyToManyField(
        Agency, through="Mention", through_fields=("article", "agency"), related_name="articles"
    )
    platforms = models.ManyToManyField(
        Platform, through="Mention", through_fields=("article", "platform"), related_name="articles"
    )
    campaigns = models.ManyToManyField(
        Campaign, through="Mention", through_fields=("article", "campaign"), related_name="articles"
    )
    laws = models.ManyToManyField(
        Law, through="Mention", through_fields=("article", "law"), related_name="articles"
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="articles")
    processed_at = models.DateTimeField(default=timezone.now)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="earlier_versions",
        help_text="A later capture of the same URL; only the latest version is searched and listed.",
        db_index=False,  # indexed below for the few versions it points to
    )
    # The database leads, the index follows: every save makes a new version, and the index
    # writer records the version it indexed; where they differ, the next writer catches up.
    version = models.PositiveIntegerField(default=0, editable=False)
    indexed_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            # Only superseded versions: with every current article under one key (NULL), SQLite's
            # sampled statistics made the planner fetch them all by it and sort them (240 ms for
            # a page of the article list at 100k) instead of walking the date index.
            models.Index(
                fields=["superseded_by"], condition=Q(superseded_by__isnull=False), name="article_superseded"
            ),
            # how many current articles there are, from this index alone (holding the column lets
            # SQLite see it need not read the table: 90 → 5 ms at 100k)
            models.Index(
                fields=["published_on", "superseded_by"],
                condition=Q(superseded_by__isnull=True),
                name="article_current",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])


class IndexRemoval(models.Model):
    """An article deleted from the database whose document the index may still hold."""

    article_id = models.BigIntegerField(unique=True)

    def __str__(self) -> str:
        return f"remove {self.article_id} from the index"


class SourceCheck(models.Model):
    """One fetch of an archived URL and what it found: a new page, the same, an edit, gone."""

    class Outcome(models.TextChoices):
        NEW = "new"
        UNCHANGED = "unchanged"
        CHANGED = "changed"
        GONE = "gone"
        FAILED = "failed"

    url = models.CharField(max_length=2000, db_index=True, help_text="The URL asked for.")
    checked_at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    capture = models.ForeignKey(Capture, null=True, blank=True, on_delete=models.SET_NULL)
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, help_text="The version it concerns."
    )

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url}: {self.outcome} at {self.checked_at:%Y-%m-%d %H:%M}"


MENTIONED = ("agency", "platform", "campaign", "law")


def _only(kind: str) -> Q:
    """This kind of entity set, the others not."""
    condition = Q(**{f"{kind}__isnull": False})
    for other in MENTIONED:
        if other != kind:
            condition &= Q(**{f"{other}__isnull": True})
    return condition


class Mention(models.Model):
    """An article naming an agency, a platform, a campaign or a law: how often, and where first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE)
    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.CASCADE)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE)
    law = models.ForeignKey(Law, null=True, blank=True, on_delete=models.CASCADE)
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["first_offset"]
        constraints = [
            models.CheckConstraint(
                condition=_only("agency") | _only("platform") | _only("campaign") | _only("law"),
                name="mention_names_one_entity",
            ),
            *(
                models.UniqueConstraint(fields=["article", kind], name=f"one_mention_per_{kind}")
                for kind in MENTIONED
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency or self.platform or self.campaign or self.law} in {self.article_id}"


class Candidate(models.Model):
    """A name the gazetteer does not know, noticed in articles by a cue ("the X app", 某某市公安局).
    Unconfirmed: never a fact until a curator makes it an entity or an alias of one."""

    class Status(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    kind = models.CharField(max_length=10, help_text="agency or platform")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False, help_text="The name with case and spacing folded.")
    cue = models.CharField(max_length=60, blank=True, help_text="What in the text suggested it.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, help_text="Accepted as."
    )
    platform = models.ForeignKey(
        Platform, null=True, blank=True, on_delete=models.SET_NULL, help_text="Accepted as."
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_candidate_per_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}, {self.status})"


class CandidateMention(models.Model):
    """An article naming a candidate: how often, where first, and the sentence around it."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="candidate_mentions")
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(default=0)
    sentence = models.TextField(blank=True)

    class Meta:
        ordering = ["first_offset"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "article"], name="one_mention_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.candidate.name} in {self.article_id}"


class Figure(models.Model):
    """A number an article states, with the sentence it came from.

    Machine-extracted rows are replaced on reprocessing; rows a curator has verified or
    corrected (`verified`) are kept, and stand in for the machine reading they corrected
    (same sentence, same `extracted_value`).
    """

    class Qualifier(models.TextChoices):
        EXACTLY = "exactly"
        MORE_THAN = "more than"
        AT_LEAST = "at least"
        NEARLY = "nearly"
        ABOUT = "about"
        LESS_THAN = "less than"

    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement"
        STATISTIC = "statistic"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures")
    value = models.BigIntegerField()
    qualifier = models.CharField(max_length=20, choices=Qualifier, default=Qualifier.EXACTLY)
    object = models.CharField(max_length=200, blank=True, help_text="What was counted.")
    action = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ENFORCEMENT)
    currency = models.CharField(max_length=10, blank=True)
    converted_value = models.DecimalField(
        max_digits=24,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The amount the article converts it to, in brackets: “(about 450 million US dollars)”.",
    )
    converted_currency = models.CharField(max_length=10, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL)
    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.SET_NULL)
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="The campaign its sentence names.",
    )
    sentence = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the sentence in the clean body.")
    end = models.PositiveIntegerField()
    verified = models.BooleanField(default=False, help_text="A person has checked or corrected this figure.")
    extracted_value = models.BigIntegerField(
        null=True, blank=True, editable=False, help_text="The value as the machine read it."
    )
    # The same fact across the copies of a story (archive/facts.py keeps these)
    unit = models.CharField(
        max_length=200, blank=True, editable=False, help_text="What was counted, folded: accounts, CNY…"
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="The year its article was published."
    )
    fact = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        help_text="Shared by the copies of this fact in its story's articles; empty when one states it.",
    )
    lead = models.BooleanField(
        default=True, editable=False, help_text="The copy listed for its fact: the earliest article's."
    )
    copies = models.PositiveIntegerField(
        default=1, editable=False, help_text="How many articles of its story state this fact."
    )
    conflict = models.BooleanField(
        default=False, editable=False, help_text="The story's copies state this fact with different numbers."
    )

    class Meta:
        ordering = ["article", "start", "id"]
        indexes = [
            models.Index(fields=["fact"], condition=~Q(fact=""), name="figure_fact"),
            models.Index(fields=["conflict"], condition=Q(conflict=True), name="figure_conflict"),
            # holding the column lets SQLite count the distinct figures from the index alone
            models.Index(fields=["article", "lead"], condition=Q(lead=True), name="figure_lead"),
            models.Index(fields=["-value", "-year", "-id"], condition=Q(lead=True), name="figure_largest"),
            # the distinct figures of an agency or platform, counted from the index alone
            models.Index(fields=["agency"], condition=Q(lead=True), name="figure_lead_agency"),
            models.Index(fields=["platform"], condition=Q(lead=True), name="figure_lead_platform"),
            # the words of what was counted, searched (LIKE) and added up from this index alone, a
            # fifth of the table's bytes (the sentences stay out): at 100k articles 124 → 63 ms
            models.Index(
                fields=[
                    *("object", "lead", "kind", "unit", "action", "agency", "platform", "year"),
                    *("value", "qualifier", "conflict"),
                ],
                name="figure_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value:,} {self.object} {self.action}".strip()


class FigureTotal(models.Model):
    """The whole archive's distinct enforcement figures summed by unit, action, agency,
    platform and year (archive/totals.py): the groups a writing run changed are added up again
    at its end (StaleTotal), so that the explorer's totals need not add up every figure on each
    request."""

    unit = models.CharField(max_length=200)
    action = models.CharField(max_length=60, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE)
    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.BigIntegerField()
    figures = models.PositiveIntegerField()
    approximate = models.PositiveIntegerField(help_text="Figures that said more than, about…")
    conflicts = models.PositiveIntegerField(help_text="Figures whose story's copies disagree.")

    class Meta:
        indexes = [
            models.Index(models.F("figures").desc(), models.F("total").desc(), name="figure_total_rank"),
            models.Index(fields=["year", "figures"], name="figure_total_year"),
        ]

    def __str__(self) -> str:
        return f"{self.total:,} {self.unit} {self.action} ({self.figures} figures)"


class StaleTotal(models.Model):
    """A group of FigureTotal (unit, action, agency, platform, year) whose figures changed and
    whose total is not added up again yet. Written in the transaction that changes the figures,
    so a writing run killed before it updates the totals leaves them to the next one."""

    unit = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60, blank=True)
    agency_id = models.BigIntegerField(null=True, blank=True)  # no key: the agency may be gone
    platform_id = models.BigIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.unit} {self.action} {self.agency_id} {self.platform_id} {self.year}"


@receiver(post_delete, sender=Article)
def _remember_removal(sender, instance: Article, **kwargs) -> None:
    """Web requests (the admin) only write the database; the next index writer removes it."""
    IndexRemoval.objects.get_or_create(article_id=instance.pk)
