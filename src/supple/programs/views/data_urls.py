"""Progress, the sitting-break timer, reminders and the person's data."""

from django.urls import URLPattern, URLResolver, path

from supple.programs.views import breaks, data, progress

urlpatterns: list[URLPattern | URLResolver] = [
    path("progress/", progress.progress_page, name="progress"),
    path("progress/activities/", progress.psfs_page, name="psfs"),
    path("progress/exercises/<slug:ladder>/", progress.ladder_page, name="progress-ladder"),
    path("breaks/", breaks.breaks_page, name="breaks"),
    path("breaks/taken/", breaks.log_break, name="breaks-log"),
    path("breaks/interval/", breaks.set_interval, name="breaks-interval"),
    path("reminders/", data.reminders_page, name="reminders"),
    path("reminders/reset/", data.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", data.calendar_feed, name="calendar-feed"),
    path("my-data/", data.data_page, name="data"),
    path("my-data/supple.json", data.export_json, name="export-json"),
    path("my-data/supple-csv.zip", data.export_csv, name="export-csv"),
    path("my-data/supple-fhir.json", data.export_fhir, name="export-fhir"),
    path("my-data/delete/", data.delete_account, name="delete-account"),
]
