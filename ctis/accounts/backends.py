from django.contrib.auth.backends import ModelBackend

from ctis.accounts.roles import permissions_for


class RoleBackend(ModelBackend):
    """Password authentication, with permissions taken from the user's roles.

    Lockout is checked at log-in (``login_check_password``), not here: ``get_user`` runs
    on every request, and a lock set by someone guessing passwords must not end the real
    user's open session.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_ctis_perm_cache"):
            user_obj._ctis_perm_cache = permissions_for(user_obj.role_codes)
        return user_obj._ctis_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
