from django.urls import path

from . import team_views as team
from . import views

app_name = "planning"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("items/", views.worklist_items, name="worklist_items"),
    path("aantal/", views.worklist_count, name="worklist_count"),
    path("gezin/<int:pk>/", team.family, name="family"),
    path("gezin/<int:pk>/gezinsactieplan.pdf", team.plan_pdf, name="plan_pdf"),
    path("gezin/<int:family_pk>/aanmelden/", team.referral_create, name="referral_create"),
    path("aanmelding/<int:pk>/", team.referral, name="referral"),
    path("gezin/<int:family_pk>/analyse/", team.analysis_create, name="analysis_create"),
    path("analyse/<int:pk>/", team.analysis, name="analysis"),
    path("analyse/<int:pk>/blad/", team.petal_choose, name="petal_choose"),
    path("gezin/<int:family_pk>/doel/", team.goal_create, name="goal_create"),
    path("doel/<int:pk>/", team.goal_review, name="goal_review"),
    path("kind/<int:pk>/kindwerkplan/", team.child_plan, name="child_plan"),
    path("gezin/<int:family_pk>/akkoord/", team.plan_agree, name="plan_agree"),
    path("casusoverleg/", team.case_discussions, name="case_discussions"),
    path("gezin/<int:family_pk>/casusoverleg/", team.case_item_add, name="case_item_add"),
    path("casusoverleg/<int:pk>/", team.case_item, name="case_item"),
]
