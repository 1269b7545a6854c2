"""API v1 of the instrument engine: the list of instruments and scoring answers. Both
touch no client data (nothing is saved), so they need an authenticated worker but write
no audit entry; saving a response for a person goes through the person's pages."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from . import engine


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.CharField()
    name = serializers.CharField()
    family = serializers.CharField()
    informants = serializers.ListField(child=serializers.CharField())
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField(allow_null=True)


class ScoreRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        label=_("answers"), child=serializers.JSONField(),
        help_text=_('{"<item id>": <value>, ...}: the item numbers of the official form '
                    "and its numeric values; null or left out is a missing answer."))
    age = serializers.IntegerField(label=_("age"), required=False, allow_null=True,
                                   min_value=0, max_value=engine.MAX_AGE)
    informant = serializers.ChoiceField(label=_("informant"), required=False,
                                        allow_null=True, choices=engine.INFORMANTS)


ScoreResultSerializer = inline_serializer("ScoreResult", fields={
    "instrument": serializers.CharField(),
    "version": serializers.CharField(),
    "total": serializers.FloatField(allow_null=True),
    "subscales": serializers.DictField(child=serializers.FloatField(allow_null=True)),
    "band": serializers.CharField(allow_null=True),
    "flags": serializers.ListField(child=serializers.CharField()),
    "complete": serializers.BooleanField(),
})


def _describe(instrument: engine.Instrument) -> dict:
    return {"code": instrument.code, "version": instrument.version,
            "name": instrument.name("en"), "family": instrument.family,
            "informants": instrument.informants, "age_min": instrument.age_min,
            "age_max": instrument.age_max}


@extend_schema(tags=["instruments"])
class InstrumentListView(APIView):
    """The instruments this installation scores: codes, versions and age ranges."""

    @extend_schema(responses={200: InstrumentSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return ApiResponse([_describe(i) for i in sorted(engine.registry().values(),
                                                          key=lambda i: i.code)])


@extend_schema(tags=["instruments"])
class InstrumentScoreView(APIView):
    """Score answers to an instrument (nothing is saved). Invalid input answers 400 and
    names each bad item under `answers`, or `age` / `informant`."""

    @extend_schema(request=ScoreRequestSerializer, responses={200: ScoreResultSerializer})
    def post(self, request, code: str, *args, **kwargs):
        instrument = engine.get(code)
        if instrument is None:
            raise Http404
        serializer = ScoreRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = engine.score(instrument, data["answers"], age=data.get("age"),
                                  informant=data.get("informant"))
        except engine.InvalidAnswers as error:
            detail: dict = {}
            for key, message in error.errors.items():
                if key in ("age", "informant"):
                    detail[key] = [message]
                else:
                    detail.setdefault("answers", {})[key] = [message]
            raise serializers.ValidationError(detail) from error
        return ApiResponse(result.as_dict())
