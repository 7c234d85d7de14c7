"""The patient's daily pages: onboarding, the safety screen, Today and the session player."""

from django.urls import URLPattern, URLResolver, path

from supple.programs.views import handout, onboarding, player, summary, today

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
    path("today/handout.pdf", handout.today_handout_pdf, name="today-handout-pdf"),
    path("session/", player.player_page, name="player"),
    path("session/<uuid:session_id>/summary/", summary.summary_page, name="session-summary"),
]
