from django.urls import path

from home.health import healthz

urlpatterns = [path("healthz", healthz, name="healthz")]
