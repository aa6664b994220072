from django.urls import path

from ..conversation.views import write_message
from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/compensate/", views.complaint_compensate, name="complaint-compensate"),
    path("complaints/<int:pk>/messages/", write_message, name="complaint-message"),
    path("complaints/<int:pk>/ask-approval/", views.complaint_ask_approval, name="complaint-ask-approval"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/approve/", views.approval_approve, name="approval-approve"),
    path("approvals/<int:pk>/decline/", views.approval_decline, name="approval-decline"),
    path("complaints/<int:pk>/assign-to-me/", views.complaint_assign_to_me, name="complaint-assign"),
    path("complaints/<int:pk>/<slug:verb>/", views.complaint_transition, name="complaint-transition"),
    path("products/<str:sku>/", views.product_detail, name="product"),
]
