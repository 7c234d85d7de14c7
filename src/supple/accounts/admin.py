"""The admin site. A superuser manages everything; a clinic admin (staff, not superuser) only
the people of their own clinic, and never a password or anyone's admin rights; library
curators get the library's models through their group's permissions (library/admin.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from supple.accounts.models import Clinic, Role, User

# What a clinic admin may see and edit of a person; no password, rights or groups.
CLINIC_ADMIN_FIELDSETS = (
    (None, {"fields": ("username",)}),
    ("Personal info", {"fields": ("first_name", "last_name", "email")}),
    ("Supple", {"fields": ("role", "is_active")}),
)
CLINIC_ADMIN_ADD_FIELDSETS = ((None, {"fields": ("username", "password1", "password2", "role")}),)


def clinic_admin_of(request: HttpRequest) -> Clinic | None:
    """The clinic the signed-in person administers, when they are a clinic admin."""
    user = request.user
    if (
        isinstance(user, User)
        and user.is_active
        and user.is_staff
        and not user.is_superuser
        and user.role == Role.CLINIC_ADMIN
    ):
        return user.clinic
    return None


@admin.register(User)
class SuppleUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "role", "clinic", "is_active", "last_login")
    list_filter = ("role", "clinic", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Supple", {"fields": ("role", "clinic")}))

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        people: QuerySet[User] = super().get_queryset(request)
        if request.user.is_superuser:
            return people
        clinic = clinic_admin_of(request)
        if clinic is None:
            return people.none()
        return people.filter(clinic=clinic, is_superuser=False)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or clinic_admin_of(request) is not None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or self._in_own_clinic(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) or self._in_own_clinic(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) or clinic_admin_of(request) is not None

    def _in_own_clinic(self, request: HttpRequest, obj: Any) -> bool:
        clinic = clinic_admin_of(request)
        if clinic is None:
            return False
        return obj is None or (obj.clinic_id == clinic.pk and not obj.is_superuser)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return CLINIC_ADMIN_FIELDSETS if obj is not None else CLINIC_ADMIN_ADD_FIELDSETS

    def get_list_filter(self, request: HttpRequest) -> Any:
        return self.list_filter if request.user.is_superuser else ("role", "is_active")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        clinic = clinic_admin_of(request)
        if not request.user.is_superuser:
            if clinic is None:
                raise PermissionDenied
            # Whatever was posted, the person stays in (or joins) this clinic, without rights.
            obj.clinic = clinic
            if not change:
                obj.is_staff = obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Only a superuser sets someone else's password (a person sets their own).
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "created_at")
    search_fields = ("name",)
