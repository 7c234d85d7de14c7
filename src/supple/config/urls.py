from django.contrib import admin
from django.urls import include, path, re_path

from supple.api.urls import api, old_address

urlpatterns = [
    path("", include("supple.web.urls")),
    path("", include("supple.library.urls")),
    path("", include("supple.programs.urls")),
    path("", include("supple.clinic.urls")),
    path("accounts/", include("supple.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>(?!v1/).*)$", old_address),
]

handler500 = "supple.web.middleware.server_error"
