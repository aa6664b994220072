"""Version 1 of the API, mounted at /api/v1/. Names are `api-` plus the resource."""

from django.urls import path, re_path, register_converter
from django.urls.converters import StringConverter

from andon.bonuses.api import (
    ApproveBonusEntriesView,
    BonusStatementView,
    MyBonusEntriesView,
    PayrollBatchConfirmPaidView,
    PayrollBatchesView,
    PayrollBatchExportView,
    TeamBonusEntriesView,
)
from andon.frontline.api import MyFrontLineDayView, TakeBackItemDetailView, TakeBackItemListView
from andon.pulls.api import PullDetailView, PullListView, WarningListView
from andon.reports.api import ParetoReportView, RelistRateReportView, WeeklyReportView
from andon.verdicts.api import (
    AnswerSecondOpinionView,
    CorrectVerdictView,
    GiveVerdictView,
    SecondOpinionListView,
    VerdictQueueView,
)
from andon.reviews.api import ReviewActionsView, ReviewCompleteView, ReviewDetailView, ReviewRootCauseView, ReviewWhysView
from andon.work_orders.api import (
    WorkOrderCancelView,
    WorkOrderConfirmView,
    WorkOrderDetailView,
    WorkOrderListView,
    WorkOrderResolveView,
    WorkOrderSendBackView,
    WorkOrderStartView,
)
from flywheel.api import CategoryListView
from flywheel.api_errors import unknown_address
from members.cart.api import CartItemsView, CartItemView, CartView
from members.catalog.api import PartnerListView, ProductDetailView, ProductListView
from members.orders.api import OrderDetailView, OrderListView
from members.partners.api import ManagedPartnerListView, ManagedPartnerPublishView, ManagedPartnerRetireView
from tickets.complaints.api import ComplaintDetailView, ComplaintListView
from tickets.conversation.api import MyReportDetailView, MyReportListView, MyReportMessagesView


class ReferenceConverter(StringConverter):
    """A SKU or an order number in the address: like `str`, but never a NUL character, which
    PostgreSQL refuses in a query (a 500); such an address falls through to the JSON 404."""

    regex = r"[^/\x00]+"


register_converter(ReferenceConverter, "ref")

urlpatterns = [
    path("products/", ProductListView.as_view(), name="api-products"),
    path("products/<ref:sku>/", ProductDetailView.as_view(), name="api-product"),
    path("categories/", CategoryListView.as_view(), name="api-categories"),
    path("partners/", PartnerListView.as_view(), name="api-partners"),
    path("managed-partners/", ManagedPartnerListView.as_view(), name="api-managed-partners"),
    path("managed-partners/<int:pk>/publish/", ManagedPartnerPublishView.as_view(), name="api-managed-partner-publish"),
    path("managed-partners/<int:pk>/retire/", ManagedPartnerRetireView.as_view(), name="api-managed-partner-retire"),
    path("cart/", CartView.as_view(), name="api-cart"),
    path("cart/items/", CartItemsView.as_view(), name="api-cart-items"),
    path("cart/items/<ref:sku>/", CartItemView.as_view(), name="api-cart-item"),
    path("orders/", OrderListView.as_view(), name="api-orders"),
    path("orders/<ref:number>/", OrderDetailView.as_view(), name="api-order"),
    path("complaints/", ComplaintListView.as_view(), name="api-complaints"),
    path("complaints/<int:pk>/", ComplaintDetailView.as_view(), name="api-complaint"),
    path("my-reports/", MyReportListView.as_view(), name="api-my-reports"),
    path("my-reports/<int:pk>/", MyReportDetailView.as_view(), name="api-my-report"),
    path("my-reports/<int:pk>/messages/", MyReportMessagesView.as_view(), name="api-my-report-messages"),
    path("pulls/", PullListView.as_view(), name="api-pulls"),
    path("pulls/<int:pk>/", PullDetailView.as_view(), name="api-pull"),
    path("warnings/", WarningListView.as_view(), name="api-warnings"),
    path("verdicts/queue/", VerdictQueueView.as_view(), name="api-verdict-queue"),
    path("pulls/<int:pk>/verdict/", GiveVerdictView.as_view(), name="api-pull-verdict"),
    path("pulls/<int:pk>/verdict/correct/", CorrectVerdictView.as_view(), name="api-pull-verdict-correct"),
    path("verdicts/second-opinions/", SecondOpinionListView.as_view(), name="api-second-opinions"),
    path("verdicts/second-opinions/<int:pk>/answer/", AnswerSecondOpinionView.as_view(), name="api-second-opinion-answer"),
    path("work-orders/", WorkOrderListView.as_view(), name="api-work-orders"),
    path("work-orders/<int:pk>/", WorkOrderDetailView.as_view(), name="api-work-order"),
    path("work-orders/<int:pk>/start/", WorkOrderStartView.as_view(), name="api-work-order-start"),
    path("work-orders/<int:pk>/resolve/", WorkOrderResolveView.as_view(), name="api-work-order-resolve"),
    path("work-orders/<int:pk>/confirm/", WorkOrderConfirmView.as_view(), name="api-work-order-confirm"),
    path("work-orders/<int:pk>/cancel/", WorkOrderCancelView.as_view(), name="api-work-order-cancel"),
    path("work-orders/<int:pk>/send-back/", WorkOrderSendBackView.as_view(), name="api-work-order-send-back"),
    path("reviews/<int:pk>/", ReviewDetailView.as_view(), name="api-review"),
    path("reviews/<int:pk>/whys/", ReviewWhysView.as_view(), name="api-review-whys"),
    path("reviews/<int:pk>/root-cause/", ReviewRootCauseView.as_view(), name="api-review-root-cause"),
    path("reviews/<int:pk>/actions/", ReviewActionsView.as_view(), name="api-review-actions"),
    path("reviews/<int:pk>/complete/", ReviewCompleteView.as_view(), name="api-review-complete"),
    path("front-line/day/", MyFrontLineDayView.as_view(), name="api-front-line-day"),
    path("take-back-items/", TakeBackItemListView.as_view(), name="api-take-back-items"),
    path("take-back-items/<int:pk>/", TakeBackItemDetailView.as_view(), name="api-take-back-item"),
    path("bonuses/mine/", MyBonusEntriesView.as_view(), name="api-bonuses-mine"),
    path("bonuses/team/", TeamBonusEntriesView.as_view(), name="api-bonuses-team"),
    path("bonuses/statement/", BonusStatementView.as_view(), name="api-bonus-statement"),
    path("bonuses/approve/", ApproveBonusEntriesView.as_view(), name="api-bonuses-approve"),
    path("payroll/batches/", PayrollBatchesView.as_view(), name="api-payroll-batches"),
    path("payroll/batches/<int:pk>/export/", PayrollBatchExportView.as_view(), name="api-payroll-batch-export"),
    path("payroll/batches/<int:pk>/confirm-paid/", PayrollBatchConfirmPaidView.as_view(), name="api-payroll-batch-confirm-paid"),
    path("reports/relist-rate/", RelistRateReportView.as_view(), name="api-report-relist-rate"),
    path("reports/pareto/", ParetoReportView.as_view(), name="api-report-pareto"),
    path("reports/weekly/", WeeklyReportView.as_view(), name="api-report-weekly"),
    # Last: an id that is not a number, or a SKU with a slash, matches nothing above. Only addresses
    # ending in a slash, so that Django still redirects one typed without it to the endpoint; any
    # character before it, a newline included (`.` would stop there).
    re_path(r"^[\s\S]*/$", unknown_address, name="api-unknown-address"),
]
