from django.urls import path

from supple.library import views

app_name = "library"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/<slug:exercise_id>/", views.exercise_detail, name="exercise"),
    path("exercises/<slug:exercise_id>/figure.svg", views.exercise_figure, name="figure"),
    path(
        "exercises/<slug:exercise_id>/figure-still.svg",
        views.exercise_figure_still,
        name="figure_still",
    ),
    path(
        "exercises/<slug:exercise_id>/thumbnail.svg",
        views.exercise_thumbnail,
        name="thumbnail",
    ),
    path("routines/", views.routine_list, name="routines"),
    path("routines/<slug:routine_id>/handout/", views.routine_handout, name="routine-handout"),
    path("learn/", views.learn, name="learn"),
]
