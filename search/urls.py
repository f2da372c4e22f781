from django.urls import path

from search.views import search_api, search_page

urlpatterns = [
    path("search/", search_page, name="search"),
    path("api/v1/search/", search_api, name="search_api"),
]
