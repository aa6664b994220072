"""What each staff role may open of pulls, work orders and reviews in the Django admin.

Collected after every migrate by `members.roles.grant_role_permissions`. "change" on a work order
only unlocks the admin actions; they call the services, which still decide who may move which one.
"""

from members.roles import Role

_READ_PULLS = ["andon.view_andonpull", "andon.view_andonwarning", "andon.view_rootcausereview", "andon.view_workorder"]
_WORK_ORDERS = ["andon.change_workorder"]
_READ_EVERYTHING = _READ_PULLS + ["andon.view_departmentlead", "andon.view_pullverdict", "andon.view_verdictsecondopinion",
    "andon.view_weeklyteamsnapshot",
]
# "change" only unlocks the actions (approve; close, export, confirm paid); the services decide whose.
_APPROVE_BONUSES = ["andon.view_bonusentry", "andon.change_bonusentry"]
_RUN_PAYROLL = ["andon.view_payrollbatch", "andon.change_payrollbatch"]

# The front line: every managing role reads the days and its department's take-back items; "change"
# only unlocks the admin actions, which call the services (they decide who may close what).
_FRONT_LINE = ["andon.view_frontlineday", "andon.view_takebackitem", "andon.change_takebackitem"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["andon.view_andonpull"],
    Role.MANAGER: _READ_EVERYTHING + _WORK_ORDERS + _APPROVE_BONUSES + _FRONT_LINE + [
        "andon.add_departmentlead", "andon.change_departmentlead", "andon.delete_departmentlead",
    ],
    Role.VENDOR_MANAGER: _READ_PULLS + _WORK_ORDERS + _FRONT_LINE,
    Role.PARTNER_MANAGER: _READ_PULLS + _WORK_ORDERS + _FRONT_LINE,
    Role.WAREHOUSE: _READ_PULLS + _WORK_ORDERS + _FRONT_LINE,
    Role.QUALITY: _READ_PULLS + _WORK_ORDERS + _FRONT_LINE,
    Role.EXECUTIVE: _READ_EVERYTHING + _APPROVE_BONUSES + _RUN_PAYROLL + _FRONT_LINE + [
        "andon.add_frontlineday", "andon.change_frontlineday",
    ],
}
