from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("relist-rate/", views.relist_rate, name="relist-rate"),
    path("pareto/", views.pareto, name="pareto"),
]
