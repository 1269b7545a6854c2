from bloem.access import policy


def navigation(request) -> dict:
    """What the main navigation may offer this worker."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_can_view_audit": policy.has_role_permission(user, "audit.view"),
        "user_can_manage_privacy": policy.has_role_permission(user, "privacy.manage"),
        "user_can_create_family": policy.has_role_permission(user, "family.create"),
        "user_can_see_cohorts": policy.has_role_permission(user, "outcomes.cohort"),
        "user_can_measure": policy.has_role_permission(user, "screening.administer"),
        "user_can_run_groups": policy.has_role_permission(user, "programme.run"),
        "user_can_view_finance": policy.has_role_permission(user, "finance.view"),
        "user_can_view_network": policy.has_role_permission(user, "network.view"),
    }
