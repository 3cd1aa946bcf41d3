from django.contrib import admin

from .models import Membership, Role, Tenant


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ("name", "builtin", "grants_all", "permissions")
    readonly_fields = ("builtin", "grants_all")


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "log_retention_days", "created_at")
    search_fields = ("name",)
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "builtin", "grants_all")
    list_filter = ("tenant", "builtin")
    search_fields = ("name", "tenant__name")
    readonly_fields = ("builtin", "grants_all")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "tenant", "role", "created_at")
    list_filter = ("tenant",)
    search_fields = ("user__username", "tenant__name")
    autocomplete_fields = ("user",)
    raw_id_fields = ("role",)
