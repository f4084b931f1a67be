from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    # Tools come before <slug>/; their names are reserved (agreements.models.RESERVED_SLUGS).
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("filters/<str:name>/", views.FacetValuesView.as_view(), name="facet-values"),
    path("<slug:slug>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.download_document, name="document"),
]
