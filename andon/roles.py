"""What each staff role may open of pulls, work orders and reviews in the Django admin.

Collected after every migrate by `members.roles.grant_role_permissions`. "change" on a work order
only unlocks the admin actions; they call the services, which still decide who may move which one.
"""

from members.roles import Role

_READ_PULLS = ["andon.view_andonpull", "andon.view_andonwarning", "andon.view_rootcausereview", "andon.view_workorder"]
_WORK_ORDERS = ["andon.change_workorder"]
_READ_EVERYTHING = _READ_PULLS + ["andon.view_departmentlead", "andon.view_weeklyteamsnapshot"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["andon.view_andonpull"],
    Role.MANAGER: _READ_EVERYTHING + _WORK_ORDERS + [
        "andon.add_departmentlead", "andon.change_departmentlead", "andon.delete_departmentlead",
    ],
    Role.VENDOR_MANAGER: _READ_PULLS + _WORK_ORDERS,
    Role.WAREHOUSE: _READ_PULLS + _WORK_ORDERS,
    Role.QUALITY: _READ_PULLS + _WORK_ORDERS,
    Role.EXECUTIVE: _READ_EVERYTHING,
}
