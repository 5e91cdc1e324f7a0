"""The admin: curators browse everything and correct figures; captures are read-only."""

from django.contrib import admin
from django.db import models

from archive.models import Agency, Article, Capture, Category, Figure, Mention, Platform, SourceCheck


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
        figures = formset.save(commit=False)
        for figure in figures:
            if isinstance(figure, Figure):
                figure.verified = True
            figure.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


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
        super().save_model(request, obj, form, change)
