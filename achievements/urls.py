from django.urls import path

from achievements import views

app_name = "achievements"

urlpatterns = [
    path("achievements/<int:pk>/interest/", views.interest_view, name="interest"),
]
