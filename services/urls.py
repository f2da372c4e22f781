from django.urls import path

from services import views

urlpatterns = [
    path("referrals/request/<int:service_id>/", views.referral_request, name="referral_request"),
    path("referrals/track/<str:token>/", views.referral_track, name="referral_track"),
]
