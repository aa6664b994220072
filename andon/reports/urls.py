from django.urls import path

from . import views as views_reports

app_name = "reports"

urlpatterns = [
    path("relist-rate/", views_reports.relist_rate, name="relist-rate"),
    path("pareto/", views_reports.pareto, name="pareto"),
]
