"""The member's problem reports, mounted under /orders/ beside the storefront's order pages."""

from django.urls import path

from . import views_selfservice

app_name = "selfservice"

urlpatterns = [
    path("<str:number>/report/", views_selfservice.report_problem, name="report-problem"),
    path("<str:number>/report/<int:complaint_id>/", views_selfservice.problem_reported, name="problem-reported"),
]
