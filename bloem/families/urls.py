from django.urls import path

from bloem.access.views import emergency_access

from . import views

app_name = "families"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("nieuw/", views.family_create, name="create"),
    path("noodtoegang/", emergency_access, name="emergency_access"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:pk>/bewerken/", views.family_edit, name="edit"),
    path("<int:pk>/gezinsleden/nieuw/", views.member_add, name="member_add"),
    path("<int:pk>/relaties/nieuw/", views.relation_add, name="relation_add"),
    path("<int:pk>/verblijf/", views.stay_edit, name="stay_edit"),
    path("<int:pk>/fase/", views.phase_decide, name="phase_decide"),
    path("<int:pk>/veiligheid/", views.safety_assess, name="safety_assess"),
    path("<int:pk>/journaal/", views.journal, name="journal"),
    path("<int:pk>/geschiedenis/", views.history, name="history"),
    path("journaal/<int:pk>/corrigeren/", views.journal_correct, name="journal_correct"),
    path("<int:pk>/betrokkenen/nieuw/", views.assignment_add, name="assignment_add"),
    path("betrokkenen/<int:pk>/beeindigen/", views.assignment_end, name="assignment_end"),
    path("relaties/<int:pk>/bewerken/", views.relation_edit, name="relation_edit"),
    path("relaties/<int:pk>/verwijderen/", views.relation_delete, name="relation_delete"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("personen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("personen/<int:pk>/adres/", views.person_address, name="person_address"),
]
