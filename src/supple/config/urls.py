from django.contrib import admin
from django.urls import include, path

from supple.api.urls import api

urlpatterns = [
    path("", include("supple.web.urls")),
    path("", include("supple.library.urls")),
    path("", include("supple.programs.urls")),
    path("", include("supple.clinic.urls")),
    path("accounts/", include("supple.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler500 = "supple.web.middleware.server_error"
