"""What each staff role may open of the catalog and the audit trail in the Django admin.

Keys are role group names (`members.roles.Role`, which this app sits below and cannot import);
values are this app's own "flywheel.action_model" permission names. `members.roles` collects them.
"""

CATALOG = ["flywheel.view_product", "flywheel.view_lot", "flywheel.view_supplier", "flywheel.view_partner", "flywheel.view_category"]
_READ_EVERYTHING = CATALOG + ["flywheel.view_auditevent"]

# Not change_product for anyone: a product goes off and on sale through the services only.
# Not change_supplier: the supplier's named vendor manager is who works its work orders.
# Partner managers admit partners and list or retire them: "change" unlocks the admin's publish and
# retire actions, which call the listing services (the state itself is never a form field).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    "agent": ["flywheel.view_product"],
    "manager": _READ_EVERYTHING,
    "vendor_manager": CATALOG,
    "partner_manager": CATALOG + ["flywheel.add_partner", "flywheel.change_partner"],
    "warehouse": CATALOG,
    "quality": CATALOG,
    "executive": _READ_EVERYTHING,
}
