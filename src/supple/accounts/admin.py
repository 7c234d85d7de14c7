from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from supple.accounts.models import Clinic, User


@admin.register(User)
class SuppleUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "role", "clinic", "is_active", "last_login")
    list_filter = ("role", "clinic", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Supple", {"fields": ("role", "clinic")}))


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "created_at")
    search_fields = ("name",)
