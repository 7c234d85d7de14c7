"""The patient's pages: onboarding, the safety screen, Today and the session player; then
progress, the sitting-break timer, reminders and the person's data."""

from django.urls import URLPattern, URLResolver, path

from supple.programs.views import (
    breaks,
    data,
    handout,
    onboarding,
    player,
    progress,
    summary,
    today,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("start/", onboarding.onboarding, name="onboarding"),
    path("start/notice/", onboarding.notice, name="onboarding-notice"),
    path("start/questions/", onboarding.intake, name="onboarding-intake"),
    path("start/plan/", onboarding.first_plan, name="onboarding-plan"),
    path("check/", onboarding.screen, name="screen"),
    path("check/result/", onboarding.screen_result, name="screen-result"),
    path("check/clinician/", onboarding.confirm_clinician, name="confirm-clinician"),
    path("today/", today.today, name="today"),
    path("today/morning/", today.morning_check, name="morning-check"),
    path("today/flare/", today.flare_switch, name="flare-switch"),
    path("today/handout/", handout.today_handout, name="today-handout"),
    path("session/", player.player_page, name="player"),
    path("session/<uuid:session_id>/summary/", summary.summary_page, name="session-summary"),
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
