"""The admin: curators browse everything and correct figures; captures are read-only."""

from django.contrib import admin
from django.db import models

from archive import curation
from archive.facts import refresh_facts
from archive.models import (
    Agency,
    Article,
    Candidate,
    Capture,
    Category,
    Figure,
    Mention,
    Platform,
    SourceCheck,
)
from archive.totals import mark_stale_figures, update_totals


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    list_display = ["source", "url", "media_type", "http_status", "captured_at", "sha256"]
    search_fields = ["source", "url", "sha256"]
    readonly_fields = [
        *("sha256", "source", "url", "media_type", "encoding", "captured_at", "http_status"),
        *("payload_digest", "warc", "content", "request"),
    ]

    def has_change_permission(self, request, obj=None):
        return False  # the capture is sacred


@admin.register(SourceCheck)
class SourceCheckAdmin(admin.ModelAdmin):
    """Each fetch of an archived URL (recapture): read-only, like the captures."""

    list_display = ["url", "checked_at", "outcome", "http_status", "reason"]
    list_filter = ["outcome"]
    search_fields = ["url"]

    def has_change_permission(self, request, obj=None):
        return False


class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases", "acronyms", "names_zh"]


admin.site.register(Agency, EntityAdmin)
admin.site.register(Platform, EntityAdmin)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0
    fields = [
        "value",
        "qualifier",
        "object",
        "action",
        "kind",
        "currency",
        "converted_value",
        "converted_currency",
        "agency",
        "platform",
        "sentence",
        "verified",
    ]
    autocomplete_fields = ["agency", "platform"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["article", "agency", "platform", "count", "first_offset"]
    list_filter = ["agency", "platform"]
    raw_id_fields = ["article"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["agency", "platform"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on", "language"]
    list_filter = ["language", "outlet", "categories"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_on"
    raw_id_fields = ["capture"]
    inlines = [MentionInline, FigureInline]
    # Django 6's default, said now: a URL typed without a scheme is https
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_formset(self, request, form, formset, change):
        """A figure a person saves is a correction: verified, so reprocessing keeps it."""
        if formset.model is Figure:  # the totals its figures count in as stored, before the changes
            mark_stale_figures(form.instance.figures.all())
        figures = formset.save(commit=False)
        for figure in figures:
            if isinstance(figure, Figure):
                figure.verified = True
            figure.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        """A corrected figure or date may make or settle a conflict between a story's copies."""
        super().save_related(request, form, formsets, change)
        refresh_facts([form.instance.story_key])
        mark_stale_figures(form.instance.figures.all())  # the totals they count in now
        update_totals()

    def delete_model(self, request, obj):
        self.delete_queryset(request, Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Their figures leave their totals, and their stories' other copies may lead the facts."""
        stories = set(queryset.values_list("story_key", flat=True))
        mark_stale_figures(Figure.objects.filter(article__in=queryset))
        super().delete_queryset(request, queryset)
        refresh_facts(stories)
        update_totals()


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = [
        "value",
        "qualifier",
        "object",
        "action",
        "kind",
        "agency",
        "platform",
        "article",
        "verified",
    ]
    list_filter = ["verified", "kind", "action", "agency"]
    search_fields = ["object", "sentence"]
    autocomplete_fields = ["agency", "platform"]
    raw_id_fields = ["article"]

    def save_model(self, request, obj, form, change):
        obj.verified = True  # a person's correction: reprocessing keeps it
        mark_stale_figures(Figure.objects.filter(pk=obj.pk))  # the total it counted in
        super().save_model(request, obj, form, change)
        refresh_facts([obj.article.story_key])
        mark_stale_figures(Figure.objects.filter(pk=obj.pk))  # and the one it counts in now
        update_totals()

    def delete_model(self, request, obj):
        story = obj.article.story_key
        mark_stale_figures(Figure.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        refresh_facts([story])
        update_totals()

    def delete_queryset(self, request, queryset):
        stories = set(queryset.values_list("article__story_key", flat=True))
        mark_stale_figures(queryset)
        super().delete_queryset(request, queryset)
        refresh_facts(stories)
        update_totals()


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """Names the archive noticed but does not know: make each a new entity, an alias of one
    (choose it and save), or reject it. `manage.py reprocess` then applies the decisions to
    every article."""

    list_display = ["name", "kind", "status", "article_count", "example", "cue"]
    list_filter = ["status", "kind"]
    search_fields = ["name"]
    fields = ["name", "kind", "status", "cue", "agency", "platform", "examples"]
    readonly_fields = ["name", "kind", "status", "cue", "examples"]
    autocomplete_fields = ["agency", "platform"]
    actions = ["make_new_entities", "reject_names"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(articles=models.Count("mentions"))

    def has_add_permission(self, request):
        return False  # candidates come from articles; a curator adds a name on its entity

    @admin.display(description="articles", ordering="articles")
    def article_count(self, candidate: Candidate) -> int:
        return candidate.articles

    @admin.display(description="as used")
    def example(self, candidate: Candidate) -> str:
        first = candidate.mentions.first()
        return first.sentence[:160] if first else ""

    @admin.display(description="sentences")
    def examples(self, candidate: Candidate) -> str:
        return "\n\n".join(f"{m.sentence} (article {m.article_id})" for m in candidate.mentions.all()[:5])

    def save_model(self, request, candidate, form, change):
        """Choosing an agency or a platform makes the name its alias."""
        entity = candidate.agency or candidate.platform
        if entity is not None and candidate.status != Candidate.Status.ACCEPTED:
            curation.accept_as_alias(candidate, entity)
            self.message_user(request, f"{candidate.name} is now a name of {entity.name}. {APPLY}")
        else:
            super().save_model(request, candidate, form, change)

    @admin.action(description="Make each a new agency or platform")
    def make_new_entities(self, request, queryset):
        made = [curation.accept_as_new(c).name for c in queryset.exclude(status=Candidate.Status.ACCEPTED)]
        self.message_user(request, f"New: {', '.join(made) or 'none'}. {APPLY}")

    @admin.action(description="Reject: not a name of an agency or a platform")
    def reject_names(self, request, queryset):
        for candidate in queryset:
            curation.reject(candidate)
        self.message_user(request, f"Rejected {queryset.count()}; they no longer show on articles.")


APPLY = "Run `manage.py reprocess` to apply it to every article."
