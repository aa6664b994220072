from django.urls import path

from .accounts.views import LoginView, LogoutView, PasswordResetCompleteView, PasswordResetConfirmView, PasswordResetDoneView, PasswordResetView, signup
from .addresses.views import address_book, address_default, address_delete, address_edit
from .cart.views import cart, cart_add, cart_remove, cart_update, checkout
from .catalog.views import catalog, partner_detail, partners, product_detail
from .notifications.views import notification_open, notification_preferences, notifications, notifications_read_all
from .orders.views import order_cancel, order_detail, order_pay, orders
from .restock.views import restock_ask, restock_withdraw

app_name = "members"

urlpatterns = [
    path("", catalog, name="catalog"),
    path("p/<str:sku>/", product_detail, name="product"),
    path("p/<str:sku>/back-in-stock/", restock_ask, name="restock-ask"),
    path("p/<str:sku>/back-in-stock/withdraw/", restock_withdraw, name="restock-withdraw"),
    path("cart/", cart, name="cart"),
    path("cart/add/<str:sku>/", cart_add, name="cart-add"),
    path("cart/update/<str:sku>/", cart_update, name="cart-update"),
    path("cart/remove/<str:sku>/", cart_remove, name="cart-remove"),
    path("checkout/", checkout, name="checkout"),
    path("account/addresses/", address_book, name="addresses"),
    path("account/addresses/<int:pk>/edit/", address_edit, name="address-edit"),
    path("account/addresses/<int:pk>/delete/", address_delete, name="address-delete"),
    path("account/addresses/<int:pk>/default/", address_default, name="address-default"),
    path("orders/", orders, name="orders"),
    path("orders/<str:number>/", order_detail, name="order-detail"),
    path("orders/<str:number>/pay/", order_pay, name="order-pay"),
    path("orders/<str:number>/cancel/", order_cancel, name="order-cancel"),
    path("partners/", partners, name="partners"),
    path("partners/<int:pk>/", partner_detail, name="partner"),
    path("notifications/", notifications, name="notifications"),
    path("notifications/read-all/", notifications_read_all, name="notifications-read-all"),
    path("notifications/preferences/", notification_preferences, name="notification-preferences"),
    path("notifications/<int:pk>/open/", notification_open, name="notification-open"),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", PasswordResetView.as_view(), name="password-reset"),
    path("accounts/password-reset/sent/", PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("accounts/reset/done/", PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
