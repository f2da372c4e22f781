from django.urls import path

from matchmaking import views

urlpatterns = [
    path("demands/submit/", views.demand_form, name="demand_form"),
    path("demands/submitted/", views.demand_submitted, name="demand_submitted"),
]
