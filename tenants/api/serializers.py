from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import RawBoolean, RawInteger, RawString, RawStringList
from tenants.models import Role
from tenants.permissions import Permission

PERMISSION_NAMES = [p.label for p in Permission]


class RoleInputSerializer(serializers.Serializer):
    name = RawString()
    permissions = RawStringList(help_text=f"Catalogue names: {', '.join(PERMISSION_NAMES)}.")


class RoleUpdateSerializer(serializers.Serializer):
    name = RawString(required=False)
    permissions = RawStringList(required=False, help_text='Catalogue names, e.g. "Read Log Relays".')


class RoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    permissions = serializers.SerializerMethodField(help_text="Catalogue names, in the catalogue's order.")
    builtin = serializers.SerializerMethodField(help_text="Built-in roles cannot be changed or deleted.")

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=PERMISSION_NAMES)))
    def get_permissions(self, role: Role) -> list[str]:
        held = role.effective_permissions
        return [p.label for p in Permission if p.value in held]

    @extend_schema_field(serializers.BooleanField())
    def get_builtin(self, role: Role) -> bool:
        return not role.editable


class MemberInputSerializer(serializers.Serializer):
    username = RawString()
    password = RawString(help_text="Write-only; checked by the password rules.")
    email = RawString(required=False)
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
