from django.urls import path

from supple.clinic import builder, views

app_name = "clinic"

urlpatterns = [
    path("clinic/patients/", views.patient_list, name="patients"),
    path("clinic/patients/<int:patient_id>/", views.patient_page, name="patient"),
    path("clinic/patients/<int:patient_id>/program/", builder.program, name="program"),
    path(
        "clinic/patients/<int:patient_id>/program/versions/",
        builder.program_versions,
        name="program-versions",
    ),
    path("clinic/templates/", builder.templates, name="templates"),
    path("clinic/templates/new/", builder.template_new, name="template-new"),
    path("clinic/templates/<int:template_id>/", builder.template_edit, name="template"),
    path("my-program/seen/", builder.program_seen, name="program-seen"),
    path("clinic/patients/<int:patient_id>/fhir.json", views.patient_fhir, name="patient-fhir"),
    path("clinic/invite/", views.invite_patient, name="invite-patient"),
    path("clinic/clinicians/", views.clinicians, name="clinicians"),
    path(
        "clinic/clinicians/<int:user_id>/deactivate/", views.deactivate, name="deactivate-clinician"
    ),
    path("clinic/audit/", views.audit, name="audit"),
    path("clinic/audit.csv", views.audit_csv, name="audit-csv"),
    path("my-clinic/", views.my_clinic, name="my-clinic"),
    path("my-clinic/leave/", views.leave, name="leave"),
    path("join/", views.join, name="join"),
    path("join/<str:token>/", views.accept, name="accept"),
]
