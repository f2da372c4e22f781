from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("ical/events.ics", views.calendar_ics, name="calendar_ics"),
    path("ical/event-<int:pk>.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/register/", views.register_view, name="register"),
    path("registration/<str:token>/", views.registration_detail, name="registration"),
]
