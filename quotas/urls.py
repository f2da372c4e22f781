from django.urls import path

from quotas import views

urlpatterns = [
    path("report/", views.report_current, name="quota_report_current"),
    path("report/<int:year>/", views.report, name="quota_report"),
    path("report/<int:year>/export.csv", views.report_csv, name="quota_report_csv"),
    path("report/<int:year>/export.xlsx", views.report_xlsx, name="quota_report_xlsx"),
]
