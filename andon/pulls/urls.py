from django.urls import path

from . import views

app_name = "andon"

urlpatterns = [
    path("complaints/<int:pk>/pull/", views.complaint_pull, name="complaint-pull"),
    path("complaints/<int:pk>/warn/", views.complaint_warn, name="complaint-warn"),
    path("products/<str:sku>/pull/", views.product_pull, name="product-pull"),
    path("products/<str:sku>/warn/", views.product_warn, name="product-warn"),
    path("board/", views.board, name="board"),
    path("board/live/", views.board_live, name="board-live"),
    path("pulls/<int:pk>/", views.pull_detail, name="pull"),
]
