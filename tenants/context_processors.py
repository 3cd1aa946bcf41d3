from .permissions import ACTION_PERMISSIONS
from .selectors import missing_permissions, tenant_of


def tenant_permissions(request):
    """`can.<action with dots as underscores>` for templates, e.g. {% if can.source_add %}."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": {}, "tenant": None}
    can = {action.replace(".", "_"): not missing_permissions(user, action) for action in ACTION_PERMISSIONS}
    return {"can": can, "tenant": tenant_of(user)}
