"""API v1, mounted at /api/v1/: the routers of the domain apps, token login, the OpenAPI
schema and its documentation entry point."""

from django.urls import path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from bloem.accounts.api import ObtainTokenView
from bloem.catalogue.api import HelpFormViewSet, PetalViewSet
from bloem.consent.api import ConsentStatusView
from bloem.families.api import FamilyViewSet, PersonViewSet, StayViewSet
from bloem.finance.api import BudgetView, FamilyFiguresView, ProductionView
from bloem.interop.api import HandoverImportView
from bloem.network.api import MatchView, NetworkReferralViewSet, PractitionerViewSet
from bloem.outcomes.api import CohortView
from bloem.outflow.api import FamilyOutflowCloseView, FamilyOutflowView, HandoverView
from bloem.planning.api import ActionPlanViewSet, GoalViewSet, JointAnalysisViewSet, ReferralViewSet
from bloem.safety.api import FamilySafetyView
from bloem.screening.api import InstrumentListView, InstrumentScoreView

app_name = "api_v1"

router = DefaultRouter()
router.register("families", FamilyViewSet, basename="family")
router.register("persons", PersonViewSet, basename="person")
router.register("stays", StayViewSet, basename="stay")
router.register("help-forms", HelpFormViewSet, basename="helpform")
router.register("petals", PetalViewSet, basename="petal")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("analyses", JointAnalysisViewSet, basename="analysis")
router.register("action-plans", ActionPlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("network/practitioners", PractitionerViewSet, basename="network-practitioner")
router.register("network/referrals", NetworkReferralViewSet, basename="network-referral")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and ReDoc load their JavaScript from a CDN, which the content security
    # policy forbids; they need drf-spectacular-sidecar. Until then the documentation is
    # the browsable API, which renders each endpoint's description and forms.
    path("docs/", RedirectView.as_view(pattern_name="api_v1:api-root"), name="docs"),
    path("instruments/", InstrumentListView.as_view(), name="instrument-list"),
    path("instruments/<slug:code>/score", InstrumentScoreView.as_view(), name="instrument-score"),
    path("persons/<int:pk>/consent-status/", ConsentStatusView.as_view(),
         name="person-consent-status"),
    path("outcomes/cohort/", CohortView.as_view(), name="outcome-cohort"),
    path("families/<int:pk>/safety/", FamilySafetyView.as_view(), name="family-safety"),
    path("families/<int:pk>/outflow/", FamilyOutflowView.as_view(), name="family-outflow"),
    path("families/<int:pk>/outflow/close/", FamilyOutflowCloseView.as_view(),
         name="family-outflow-close"),
    path("handovers/<int:pk>/", HandoverView.as_view(), name="handover-detail"),
    path("finance/production/", ProductionView.as_view(), name="finance-production"),
    path("finance/families/<int:pk>/", FamilyFiguresView.as_view(), name="finance-family"),
    path("finance/commissions/", BudgetView.as_view(), name="finance-commissions"),
    path("handover-imports/", HandoverImportView.as_view(), name="handover-import"),
    path("network/match/", MatchView.as_view(), name="network-match"),
    *router.urls,
]
