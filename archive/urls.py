"""URLs: pages, the JSON API, the admin."""

from django.contrib import admin
from django.urls import path

from archive import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("platforms/<slug:slug>/", views.PlatformDetailView.as_view(), name="platform_detail"),
    path("search/", views.search_page, name="search"),
    path("api/search/", api.search_json, name="api_search"),
    path("api/articles/<int:pk>/", api.article_json, name="api_article"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
]
