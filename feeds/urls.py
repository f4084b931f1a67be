from django.urls import path

from feeds import feeds

app_name = "feeds"
urlpatterns = [
    path("agreements/", feeds.AgreementsFeed(), name="agreements"),
    path("services/<slug:slug>/", feeds.CategoryAgreementsFeed(), name="service"),
    path("municipalities/<slug:slug>/", feeds.BodyAgreementsFeed(), name="municipality"),
]
