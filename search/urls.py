from django.urls import path

from search.views import search_open, search_page

urlpatterns = [
    path("search/", search_page, name="search"),
    path("search/open/<uuid:token>/<int:position>/<int:page_id>/", search_open, name="search_open"),
]
