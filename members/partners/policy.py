"""Who may list and retire partners: the one answer the API enforces (the admin asks `change_partner`,
which `flywheel.roles` grants the same group)."""

from members.roles import Role, has_role

PARTNER_LISTING_ROLES = (Role.PARTNER_MANAGER,)


def may_manage_partner_listings(user) -> bool:
    """See every partner, drafts included, and publish or retire one (superusers too)."""
    return has_role(user, *PARTNER_LISTING_ROLES)
