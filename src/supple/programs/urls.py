from django.urls import include, path

urlpatterns = [
    path("", include("supple.programs.views.session_urls")),
    path("", include("supple.programs.views.data_urls")),
]
