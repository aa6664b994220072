from django.urls import path

from .accounts.views import LoginView, LogoutView, PasswordResetCompleteView, PasswordResetConfirmView, PasswordResetDoneView, PasswordResetView, signup
from .cart.views import cart, cart_add, cart_remove, cart_update, checkout
from .catalog.views import catalog, partner_detail, partners, product_detail
from .notifications.views import notification_open, notification_preferences, notifications, notifications_read_all
from .orders.views import order_detail, orders

app_name = "members"

urlpatterns = [
    path("", catalog, name="catalog"),
    path("p/<str:sku>/", product_detail, name="product"),
    path("cart/", cart, name="cart"),
    path("cart/add/<str:sku>/", cart_add, name="cart-add"),
    path("cart/update/<str:sku>/", cart_update, name="cart-update"),
    path("cart/remove/<str:sku>/", cart_remove, name="cart-remove"),
    path("checkout/", checkout, name="checkout"),
    path("orders/", orders, name="orders"),
    path("orders/<str:number>/", order_detail, name="order-detail"),
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
