"""URLs: pages, their JSON twins, feeds, exports, the admin."""

from django.contrib import admin
from django.urls import path

from archive import api, captures, export, feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("platforms/", views.PlatformListView.as_view(), name="platform_list"),
    path("platforms/<slug:slug>/", views.PlatformDetailView.as_view(), name="platform_detail"),
    path("figures/", views.figures_page, name="figures"),
    path("captures/<int:pk>/", captures.capture_page, name="capture_detail"),
    path("captures/<int:pk>/replay/", captures.capture_replay, name="capture_replay"),
    path("captures/<int:pk>/resource/", captures.capture_resource, name="capture_resource"),
    path("captures/<int:pk>.warc.gz", captures.capture_warc, name="capture_warc"),
    path("changes/", captures.changes_page, name="changes"),
    path("search/", views.search_page, name="search"),
    path("api/", api.home_json, name="api_home"),
    path("api/articles/", api.article_list_json, name="api_article_list"),
    path("api/articles/<int:pk>/", api.article_json, name="api_article"),
    path("api/agencies/", api.agency_list_json, name="api_agency_list"),
    path("api/agencies/<slug:slug>/", api.agency_json, name="api_agency"),
    path("api/platforms/", api.platform_list_json, name="api_platform_list"),
    path("api/platforms/<slug:slug>/", api.platform_json, name="api_platform"),
    path("api/figures/", api.figures_json, name="api_figures"),
    path("api/search/", api.search_json, name="api_search"),
    path("api/changes/", api.changes_json, name="api_changes"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="latest_feed"),
    path("feeds/search/", feeds.SearchFeed(), name="search_feed"),
    path("feeds/changes/", feeds.ChangesFeed(), name="changes_feed"),
    path("agencies/<slug:slug>/feed/", feeds.AgencyFeed(), name="agency_feed"),
    path("platforms/<slug:slug>/feed/", feeds.PlatformFeed(), name="platform_feed"),
    path("export/articles.<str:fmt>", export.articles_download, name="export_articles"),
    path("export/figures.<str:fmt>", export.figures_download, name="export_figures"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
]
