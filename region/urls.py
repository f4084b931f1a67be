from django.urls import path

from region import views

app_name = "region"
urlpatterns = [
    path("", views.LookupView.as_view(), name="lookup"),
    path("<slug:town>/services/<slug:service>/", views.AnswerView.as_view(), name="answer"),
]
