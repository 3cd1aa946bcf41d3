from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawBoolean, RawInteger, RawString, RawStringList, documented
from tenants.models import Role
from tenants.permissions import Permission

PERMISSION_NAMES = [p.label for p in Permission]

# What a role may be given: a catalogue name ("Read Log Relays") or its code ("read_log_relays").
PERMISSIONS_IN = {
    "type": "array",
    "items": {"type": "string", "enum": [*PERMISSION_NAMES, *(p.value for p in Permission)]},
    "uniqueItems": True,
    "description": f"Catalogue names (or their codes): {', '.join(PERMISSION_NAMES)}.",
}
ROLE_NAME = {"type": "string", "minLength": 1, "maxLength": 100}


class RoleInputSerializer(serializers.Serializer):
    name = documented(RawString, ROLE_NAME)
    permissions = documented(RawStringList, PERMISSIONS_IN)


class RoleUpdateSerializer(serializers.Serializer):
    name = documented(RawString, ROLE_NAME, required=False)
    permissions = documented(RawStringList, PERMISSIONS_IN, required=False)


class RoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    permissions = serializers.SerializerMethodField(
        help_text="Catalogue names, in the catalogue's order. The catalogue may grow: treat a name you do not "
        "know as a permission, not an error."
    )
    builtin = serializers.SerializerMethodField(help_text="Built-in roles cannot be changed or deleted.")

    # Plain text, not an enum: the catalogue grows, and a client that knows fewer names must still
    # read a role that holds a new one.
    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_permissions(self, role: Role) -> list[str]:
        held = role.effective_permissions
        return [p.label for p in Permission if p.value in held]

    @extend_schema_field(serializers.BooleanField())
    def get_builtin(self, role: Role) -> bool:
        return not role.editable


class MemberInputSerializer(serializers.Serializer):
    username = documented(
        RawString,
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 150,
            "description": "Letters, digits and @ . + - _; unique in the portal whatever its case.",
        },
    )
    password = documented(
        RawString,
        {"type": "string", "minLength": 1, "writeOnly": True, "description": "Checked by the password rules."},
    )
    email = documented(RawString, {"type": "string", "maxLength": 254, "description": "Optional."}, required=False)
    role = RawInteger(help_text="The id of one of your tenant's roles.")


class MemberUpdateSerializer(serializers.Serializer):
    role = RawInteger(required=False, help_text="The id of one of your tenant's roles.")
    is_active = RawBoolean(
        required=False,
        help_text="false deactivates the member (their sessions end and their API tokens are revoked at once); "
        "true reactivates them.",
    )


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email")
    role = serializers.IntegerField(source="role_id")
    role_name = serializers.CharField(source="role.name")
    is_active = serializers.BooleanField(source="user.is_active", help_text="false once the member is deactivated.")
    created_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.Serializer):
    """A token as listed: never the token itself nor its digest, only the first 8 characters."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The token's first 8 characters, to tell tokens apart.")
    user = serializers.CharField(source="user.username", help_text="The owner's username.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True, help_text="Kept to the minute.")
    expired = serializers.BooleanField()


class PasswordChangeSerializer(serializers.Serializer):
    old_password = RawString()
    new_password = RawString(help_text="Checked by the password rules.")
